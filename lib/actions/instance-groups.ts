"use server";
// Server actions for instance groups, launch templates, scheduled scaling and
// zone outages: form values in, the same verbs as the Auto Scaling API.
import { withCtx } from "./result";
import { createLaunchTemplate, deleteLaunchTemplate, createLaunchTemplateVersion } from "../control-plane/launch-templates/templates";
import { createGroup, updateGroup, setDesiredCapacity, deleteGroup } from "../control-plane/instance-groups/groups";
import { putScheduledAction, deleteScheduledAction } from "../control-plane/instance-groups/schedule";
import { startZoneOutage, endZoneOutage } from "../control-plane/instance-groups/outage";

export interface TemplateForm {
  name: string;
  description?: string;
  imageId: string;
  instanceType: string;
  keyName?: string;
  securityGroups?: string[];
  userData?: string;
  tags?: { key: string; value: string }[];
}

const data = (f: TemplateForm) => ({
  imageId: f.imageId,
  instanceType: f.instanceType,
  keyName: f.keyName || undefined,
  securityGroups: f.securityGroups ?? [],
  userData: f.userData ? Buffer.from(f.userData, "utf8").toString("base64") : undefined,
  tags: (f.tags ?? []).filter((t) => t.key.trim() !== "" || t.value.trim() !== ""),
});

export async function createTemplateAction(f: TemplateForm) {
  return withCtx((ctx) => createLaunchTemplate({ ctx, input: { name: f.name, description: f.description ?? "", data: data(f) } }));
}
export async function createTemplateVersionAction(templateId: string, f: TemplateForm) {
  return withCtx((ctx) => createLaunchTemplateVersion({ ctx, input: { templateId, description: f.description ?? "", data: data(f) } }));
}
export async function deleteTemplateAction(templateId: string) {
  return withCtx((ctx) => deleteLaunchTemplate({ ctx, input: { templateId } }));
}

export interface GroupForm {
  name: string;
  templateId: string;
  templateVersion?: string;
  minSize: string;
  maxSize: string;
  desired: string;
  zones: string[];
  healthCheckType: string;
  healthCheckPort?: string;
  healthCheckPath?: string;
  gracePeriod?: string;
  elasticIpId?: string;
}

export async function createGroupAction(f: GroupForm) {
  return withCtx((ctx) =>
    createGroup({
      ctx,
      input: {
        name: f.name,
        templateId: f.templateId || undefined,
        templateVersion: f.templateVersion || "$Default",
        minSize: f.minSize as unknown as number,
        maxSize: f.maxSize as unknown as number,
        desired: f.desired === "" ? undefined : (f.desired as unknown as number),
        zones: f.zones,
        healthCheckType: f.healthCheckType as "EC2",
        healthCheckPort: f.healthCheckPort ? (f.healthCheckPort as unknown as number) : null,
        healthCheckPath: f.healthCheckPath || "/",
        gracePeriod: (f.gracePeriod || "300") as unknown as number,
        elasticIpId: f.elasticIpId || null,
      },
    }),
  );
}

export async function updateCapacityAction(name: string, minSize: string, maxSize: string, desired: string) {
  return withCtx((ctx) => updateGroup({ ctx, input: { name, minSize: minSize as unknown as number, maxSize: maxSize as unknown as number, desired: desired as unknown as number } }));
}
export async function setDesiredAction(name: string, desired: string) {
  return withCtx((ctx) => setDesiredCapacity({ ctx, input: { name, desired: desired as unknown as number } }));
}
export async function deleteGroupAction(name: string, force: boolean) {
  return withCtx((ctx) => deleteGroup({ ctx, input: { name, force } }));
}

export async function putScheduleAction(groupName: string, f: { name: string; recurrence?: string; startTime?: string; minSize?: string; maxSize?: string; desired?: string }) {
  const n = (v?: string) => (v === undefined || v === "" ? undefined : (v as unknown as number));
  return withCtx((ctx) =>
    putScheduledAction({ ctx, input: { groupName, name: f.name, recurrence: f.recurrence || undefined, startTime: f.startTime || undefined, minSize: n(f.minSize), maxSize: n(f.maxSize), desired: n(f.desired) } }),
  );
}
export async function deleteScheduleAction(groupName: string, name: string) {
  return withCtx((ctx) => deleteScheduledAction({ ctx, input: { groupName, name } }));
}

export async function startOutageAction(zone: string, minutes: string) {
  return withCtx((ctx) => startZoneOutage({ ctx, input: { zone, minutes: minutes === "" ? undefined : (minutes as unknown as number) } }));
}
export async function endOutageAction(zone: string) {
  return withCtx((ctx) => endZoneOutage({ ctx, input: { zone } }));
}
