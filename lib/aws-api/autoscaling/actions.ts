// The EC2 Auto Scaling actions Stratus speaks (the subset the AWS CLI uses for
// groups): parameters in (lists as Name.member.N), result shapes out; the
// rules are in the instance-group verbs.
import type { Ctx } from "../../control-plane/context";
import { ServiceError } from "../../errors";
import { int, list, str, struct, structs, type Params } from "../query";
import { members } from "./xml";
import { table } from "../../own";
import { createGroup, updateGroup, setDesiredCapacity, deleteGroup, describeGroups } from "../../control-plane/instance-groups/groups";
import { describeActivities } from "../../control-plane/instance-groups/activities";
import { putScheduledAction, deleteScheduledAction, describeScheduledActions } from "../../control-plane/instance-groups/schedule";
import type { GroupView } from "../../control-plane/instance-groups/views";
import { groupArn } from "../../control-plane/instance-groups/views";

type Result = Record<string, unknown> | null;

// Empty parameters count as absent, as AWS treats them.
const opt = (p: Params | undefined, name: string) => {
  const v = str(p, name);
  return v === "" ? undefined : v;
};
const need = (p: Params, name: string) => {
  const v = opt(p, name);
  if (v === undefined) throw new ServiceError("ValidationError", `1 validation error detected: Value null at '${name.charAt(0).toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`);
  return v;
};
const num = (p: Params, name: string, min = 0, max = 1000) => {
  if (opt(p, name) === undefined) return undefined;
  try {
    return int(p, name, { min, max });
  } catch (e) {
    throw new ServiceError("ValidationError", (e as Error).message);
  }
};
const requiredNum = (p: Params, name: string) => {
  need(p, name);
  return num(p, name)!;
};
const memberList = (p: Params, name: string) => list(struct(p, name), "member");
const memberStructs = (p: Params, name: string) => structs(struct(p, name), "member");
const flag = (p: Params, name: string) => {
  const v = opt(p, name);
  if (v === undefined) return undefined;
  if (v !== "true" && v !== "false") throw new ServiceError("ValidationError", `Invalid value '${v}' for ${name}: it must be true or false.`);
  return v === "true";
};
const iso = (s: string | null) => s ?? undefined;

function launchTemplate(p: Params) {
  const lt = struct(p, "LaunchTemplate");
  if (!lt) return {};
  const templateId = opt(lt, "LaunchTemplateId");
  const templateName = opt(lt, "LaunchTemplateName");
  if (!templateId && !templateName) throw new ServiceError("ValidationError", "Valid requests must contain either launchTemplateId or launchTemplateName.");
  if (templateId && templateName) throw new ServiceError("ValidationError", "Valid requests must contain either launchTemplateId or launchTemplateName, not both.");
  return { templateId, templateName, templateVersion: opt(lt, "Version") };
}

/** Stratus's HTTP/TCP port checks stand where EC2 Auto Scaling has ELB health checks. */
function healthCheck(p: Params) {
  const type = opt(p, "HealthCheckType");
  if (type === undefined) return {};
  if (type === "EC2") return { healthCheckType: "EC2" as const };
  if (type === "ELB") return { healthCheckType: "HTTP" as const, healthCheckPort: 80, healthCheckPath: "/" };
  throw new ServiceError("ValidationError", `Invalid HealthCheckType ${type}: use EC2 (instance state) or ELB (an HTTP check on port 80).`);
}

function unsupported(p: Params) {
  if (opt(p, "LaunchConfigurationName")) throw new ServiceError("ValidationError", "Launch configurations are not supported: give a LaunchTemplate.");
  if (struct(p, "MixedInstancesPolicy")) throw new ServiceError("ValidationError", "Mixed instances policies are not supported: give a LaunchTemplate.");
}

function zones(p: Params, required: boolean) {
  const az = memberList(p, "AvailabilityZones");
  if (!az.length && opt(p, "VPCZoneIdentifier")) throw new ServiceError("ValidationError", "Stratus places groups by AvailabilityZones; subnets (VPCZoneIdentifier) are not supported yet.");
  if (!az.length && required) throw new ServiceError("ValidationError", "At least one Availability Zone or VPC Subnet is required.");
  return az.length ? az : undefined;
}

export function groupXml(ctx: Ctx, g: GroupView) {
  const lt = { LaunchTemplateId: g.templateId, LaunchTemplateName: g.templateName, Version: g.templateVersion };
  return {
    AutoScalingGroupName: g.name,
    AutoScalingGroupARN: groupArn(ctx.team.id, g),
    LaunchTemplate: lt,
    MinSize: g.minSize,
    MaxSize: g.maxSize,
    DesiredCapacity: g.desired,
    DefaultCooldown: 300,
    AvailabilityZones: members(g.zones),
    LoadBalancerNames: "",
    TargetGroupARNs: "",
    HealthCheckType: g.healthCheckType === "EC2" ? "EC2" : "ELB",
    HealthCheckGracePeriod: g.gracePeriod,
    Instances: members(
      g.members.map((m) => ({
        InstanceId: m.instanceId,
        InstanceType: m.instanceType,
        AvailabilityZone: m.zone,
        LifecycleState: m.state === "running" || m.state === "pending" ? m.lifecycle : "Terminating",
        HealthStatus: m.health,
        LaunchTemplate: lt,
        ProtectedFromScaleIn: false,
      })),
    ),
    CreatedTime: g.createdAt,
    SuspendedProcesses: "",
    VPCZoneIdentifier: "",
    EnabledMetrics: "",
    Tags: members(g.tags.map((t) => ({ ResourceId: g.name, ResourceType: "auto-scaling-group", Key: t.key, Value: t.value, PropagateAtLaunch: t.propagate }))),
    TerminationPolicies: members(["Default"]),
    NewInstancesProtectedFromScaleIn: false,
    CapacityRebalance: false,
  };
}

async function createAutoScalingGroup(ctx: Ctx, p: Params): Promise<Result> {
  unsupported(p);
  const lt = launchTemplate(p);
  if (!lt.templateId && !lt.templateName) throw new ServiceError("ValidationError", "Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.");
  await createGroup({
    ctx,
    input: {
      name: need(p, "AutoScalingGroupName"),
      ...lt,
      templateVersion: lt.templateVersion ?? "$Default",
      minSize: requiredNum(p, "MinSize"),
      maxSize: requiredNum(p, "MaxSize"),
      desired: num(p, "DesiredCapacity"),
      zones: zones(p, true)!,
      ...healthCheck(p),
      gracePeriod: num(p, "HealthCheckGracePeriod", 0, 7200),
      tags: memberStructs(p, "Tags").map((t) => ({ key: need(t, "Key"), value: opt(t, "Value") ?? "", propagate: flag(t, "PropagateAtLaunch") ?? true })),
    },
  });
  return null;
}

async function updateAutoScalingGroup(ctx: Ctx, p: Params): Promise<Result> {
  unsupported(p);
  const lt = launchTemplate(p);
  await updateGroup({
    ctx,
    input: { name: need(p, "AutoScalingGroupName"), ...lt, minSize: num(p, "MinSize"), maxSize: num(p, "MaxSize"), desired: num(p, "DesiredCapacity"), zones: zones(p, false), ...healthCheck(p), gracePeriod: num(p, "HealthCheckGracePeriod", 0, 7200) },
  });
  return null;
}

function pageToken(t: string | undefined): number {
  if (!t) return 0;
  const n = Number(Buffer.from(t, "base64url").toString("utf8"));
  if (!Number.isInteger(n) || n < 0) throw new ServiceError("ValidationError", "The NextToken is not valid: pass back the token a previous response returned.");
  return n;
}
const nextToken = (n: number) => Buffer.from(String(n)).toString("base64url");

async function describeAutoScalingGroups(ctx: Ctx, p: Params): Promise<Result> {
  const names = memberList(p, "AutoScalingGroupNames");
  const max = num(p, "MaxRecords", 1, 100) ?? 50;
  const offset = pageToken(opt(p, "NextToken"));
  let groups = await describeGroups({ ctx, input: { names } });
  for (const f of memberStructs(p, "Filters")) {
    const name = need(f, "Name");
    const values = memberList(f, "Values");
    if (name === "tag-key") groups = groups.filter((g) => g.tags.some((t) => values.includes(t.key)));
    else if (name === "tag-value") groups = groups.filter((g) => g.tags.some((t) => values.includes(t.value)));
    else if (name.startsWith("tag:")) groups = groups.filter((g) => g.tags.some((t) => t.key === name.slice(4) && values.includes(t.value)));
    else throw new ServiceError("ValidationError", `The filter '${name}' is invalid. Supported: tag-key, tag-value, tag:<key>.`);
  }
  const page = groups.slice(offset, offset + max);
  return { AutoScalingGroups: members(page.map((g) => groupXml(ctx, g))), NextToken: offset + max < groups.length ? nextToken(offset + max) : undefined };
}

async function describeScalingActivities(ctx: Ctx, p: Params): Promise<Result> {
  const r = await describeActivities({ ctx, input: { name: opt(p, "AutoScalingGroupName"), activityIds: memberList(p, "ActivityIds"), maxRecords: num(p, "MaxRecords", 1, 100) ?? 100, nextToken: opt(p, "NextToken") } });
  return {
    Activities: members(
      r.activities.map((a) => ({
        ActivityId: a.id,
        AutoScalingGroupName: a.groupName,
        Description: a.description,
        Cause: a.cause,
        StartTime: a.startedAt,
        EndTime: iso(a.endedAt),
        StatusCode: a.status,
        StatusMessage: a.statusMessage || undefined,
        Progress: a.progress,
        Details: "{}",
      })),
    ),
    NextToken: r.nextToken ?? undefined,
  };
}

async function setDesiredCapacityApi(ctx: Ctx, p: Params): Promise<Result> {
  flag(p, "HonorCooldown");
  await setDesiredCapacity({ ctx, input: { name: need(p, "AutoScalingGroupName"), desired: requiredNum(p, "DesiredCapacity") } });
  return null;
}

async function deleteAutoScalingGroup(ctx: Ctx, p: Params): Promise<Result> {
  await deleteGroup({ ctx, input: { name: need(p, "AutoScalingGroupName"), force: flag(p, "ForceDelete") ?? false } });
  return null;
}

async function putScheduledUpdateGroupAction(ctx: Ctx, p: Params): Promise<Result> {
  const tz = opt(p, "TimeZone");
  if (tz && tz !== "UTC" && tz !== "Etc/UTC") throw new ServiceError("ValidationError", `Stratus schedules in UTC: TimeZone ${tz} is not supported.`);
  await putScheduledAction({
    ctx,
    input: {
      groupName: need(p, "AutoScalingGroupName"),
      name: need(p, "ScheduledActionName"),
      recurrence: opt(p, "Recurrence"),
      startTime: opt(p, "StartTime") ?? opt(p, "Time"),
      endTime: opt(p, "EndTime"),
      minSize: num(p, "MinSize"),
      maxSize: num(p, "MaxSize"),
      desired: num(p, "DesiredCapacity"),
    },
  });
  return null;
}

async function describeScheduledActionsApi(ctx: Ctx, p: Params): Promise<Result> {
  const rows = await describeScheduledActions({ ctx, input: { groupName: opt(p, "AutoScalingGroupName"), names: memberList(p, "ScheduledActionNames") } });
  return {
    ScheduledUpdateGroupActions: members(
      rows.map((a) => ({
        AutoScalingGroupName: a.groupName,
        ScheduledActionName: a.name,
        Time: iso(a.nextRunAt),
        StartTime: iso(a.nextRunAt ?? a.startTime),
        EndTime: iso(a.endTime),
        Recurrence: a.recurrence ?? undefined,
        MinSize: a.minSize ?? undefined,
        MaxSize: a.maxSize ?? undefined,
        DesiredCapacity: a.desired ?? undefined,
        TimeZone: "UTC",
      })),
    ),
  };
}

async function deleteScheduledActionApi(ctx: Ctx, p: Params): Promise<Result> {
  await deleteScheduledAction({ ctx, input: { groupName: need(p, "AutoScalingGroupName"), name: need(p, "ScheduledActionName") } });
  return null;
}

export const AUTOSCALING_ACTIONS = table<(ctx: Ctx, p: Params) => Promise<Result>>({
  CreateAutoScalingGroup: createAutoScalingGroup,
  UpdateAutoScalingGroup: updateAutoScalingGroup,
  DescribeAutoScalingGroups: describeAutoScalingGroups,
  DescribeScalingActivities: describeScalingActivities,
  SetDesiredCapacity: setDesiredCapacityApi,
  DeleteAutoScalingGroup: deleteAutoScalingGroup,
  PutScheduledUpdateGroupAction: putScheduledUpdateGroupAction,
  DescribeScheduledActions: describeScheduledActionsApi,
  DeleteScheduledAction: deleteScheduledActionApi,
});
