"use server";
// Server actions for instances: the UI adapter. Each translates form values to
// a verb's input and calls it with the session's ctx; nothing else.
import { withCtx } from "./result";
import { launchInstances } from "../control-plane/instances/launch";
import { rebootInstances, startInstances, stopInstances, terminateInstances, simulateFailure } from "../control-plane/instances/actions";
import { createTags, deleteTags } from "../control-plane/tags/tags";
import { scheduleEvent, cancelEvent } from "../control-plane/instances/events";

export interface LaunchForm {
  imageId: string;
  instanceType: string;
  minCount: string;
  maxCount?: string;
  keyName?: string;
  securityGroups?: string[];
  userData?: string;
  availabilityZone?: string;
  tags?: { key: string; value: string }[];
  clientToken?: string;
}

export async function launchAction(form: LaunchForm) {
  return withCtx((ctx) =>
    launchInstances({
      ctx,
      input: {
        imageId: form.imageId,
        instanceType: form.instanceType,
        minCount: form.minCount as unknown as number,
        maxCount: form.maxCount ? (form.maxCount as unknown as number) : undefined,
        keyName: form.keyName || undefined,
        securityGroups: form.securityGroups ?? [],
        userData: form.userData ? Buffer.from(form.userData, "utf8").toString("base64") : undefined,
        availabilityZone: form.availabilityZone || undefined,
        tags: (form.tags ?? []).filter((t) => t.key.trim() !== "" || t.value.trim() !== ""),
        clientToken: form.clientToken || undefined,
      },
    }),
  );
}

export async function rebootAction(instanceIds: string[]) {
  return withCtx((ctx) => rebootInstances({ ctx, input: { instanceIds } }));
}
export async function stopAction(instanceIds: string[]) {
  return withCtx((ctx) => stopInstances({ ctx, input: { instanceIds } }));
}
export async function startAction(instanceIds: string[]) {
  return withCtx((ctx) => startInstances({ ctx, input: { instanceIds } }));
}
export async function terminateAction(instanceIds: string[]) {
  return withCtx((ctx) => terminateInstances({ ctx, input: { instanceIds } }));
}
export async function simulateFailureAction(instanceId: string) {
  return withCtx((ctx) => simulateFailure({ ctx, input: { instanceId } }));
}
export async function setTagAction(resourceId: string, key: string, value: string) {
  return withCtx((ctx) => createTags({ ctx, input: { resourceIds: [resourceId], tags: [{ key, value }] } }));
}
export async function deleteTagAction(resourceId: string, key: string) {
  return withCtx((ctx) => deleteTags({ ctx, input: { resourceIds: [resourceId], tags: [{ key }] } }));
}

export async function scheduleEventAction(instanceId: string, code: string, notBefore: string) {
  return withCtx((ctx) => scheduleEvent({ ctx, input: { instanceId, code: code as "system-reboot", notBefore } }));
}
export async function cancelEventAction(eventId: string) {
  return withCtx((ctx) => cancelEvent({ ctx, input: { eventId } }));
}
