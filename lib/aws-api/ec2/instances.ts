// EC2 instance actions over the service verbs: RunInstances, DescribeInstances,
// Terminate/Reboot/Stop/StartInstances, GetConsoleOutput,
// DescribeInstanceAttribute. Parameters in, XML shapes out; no rules here.
import type { Ctx } from "../../control-plane/context";
import { ServiceError } from "../../errors";
import { accountIdOf, isId } from "../../ids";
import { launchInstances } from "../../control-plane/instances/launch";
import { listInstances, getInstance } from "../../control-plane/instances/list";
import { rebootInstances, startInstances, stopInstances, terminateInstances, type StateChange } from "../../control-plane/instances/actions";
import type { InstanceView } from "../../control-plane/instances/view";
import { readConsole } from "../../console/store";
import { requireInstances } from "../../control-plane/instances/describe";
import { isState } from "../../instance-state";
import { base64Bytes } from "../../control-plane/instances/schemas";
import { items } from "../xml";
import { table } from "../../own";
import { bool, filters, int, list, required, str, struct, structs, type Params } from "../query";

const iso = (s: string) => s.replace(/\.\d{3}Z$/, ".000Z");

export function instanceXml(i: InstanceView, clientToken?: string | null) {
  return {
    instanceId: i.id,
    imageId: i.imageId,
    instanceState: { code: i.stateCode, name: i.state },
    privateDnsName: i.privateDns,
    dnsName: i.publicDns,
    reason: i.stateReason.message ? `${i.stateReason.message} (${iso(i.stateChangedAt)})` : "",
    keyName: i.keyName ?? undefined,
    amiLaunchIndex: i.launchIndex,
    productCodes: "",
    instanceType: i.instanceType,
    launchTime: iso(i.launchedAt),
    placement: { availabilityZone: i.availabilityZone, groupName: "", tenancy: "default" },
    monitoring: { state: "disabled" },
    privateIpAddress: i.privateIp ?? undefined,
    ipAddress: i.publicIp ?? undefined,
    stateReason: i.stateReason.code ? { code: i.stateReason.code, message: i.stateReason.message } : undefined,
    architecture: i.architecture,
    rootDeviceType: i.rootDeviceType,
    rootDeviceName: "/dev/sda1",
    blockDeviceMapping: "",
    virtualizationType: "paravirtual",
    clientToken: clientToken ?? "",
    tagSet: items(Object.entries(i.tags).map(([key, value]) => ({ key, value }))),
    hypervisor: "xen",
    groupSet: items(i.groups.map((g) => ({ groupId: g.id, groupName: g.name }))),
    networkInterfaceSet: "",
    ebsOptimized: false,
  };
}

/** Instances grouped into their reservations, in order. */
export function reservationsXml(ctx: Ctx, instances: InstanceView[]) {
  const byRes = new Map<string, InstanceView[]>();
  for (const i of instances) (byRes.get(i.reservationId) ?? byRes.set(i.reservationId, []).get(i.reservationId)!).push(i);
  return [...byRes].map(([reservationId, list]) => ({
    reservationId,
    ownerId: accountIdOf(ctx.team.id),
    groupSet: items(list[0].groups.map((g) => ({ groupId: g.id, groupName: g.name }))),
    instancesSet: items(list.map((i) => instanceXml(i))),
  }));
}

const stateChangeXml = (c: StateChange) => ({
  instanceId: c.instanceId,
  currentState: { code: c.currentState.code, name: c.currentState.name },
  previousState: { code: c.previousState.code, name: c.previousState.name },
});

const DESCRIBE_FILTERS = ["instance-id", "instance-state-name", "instance-state-code", "instance-type", "image-id", "key-name", "reservation-id", "ip-address", "private-ip-address", "group-name", "group-id", "instance.group-id", "instance.group-name", "tag-key", "availability-zone"];
const STATE_BY_CODE = table({ "0": "pending", "16": "running", "32": "shutting-down", "48": "terminated", "64": "stopping", "80": "stopped" });

function token(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString("base64url");
}
function untoken(t: string | undefined): number {
  if (!t) return 0;
  try {
    const o = JSON.parse(Buffer.from(t, "base64url").toString("utf8")).o;
    if (Number.isInteger(o) && o >= 0) return o;
  } catch {
    /* below */
  }
  throw new ServiceError("InvalidParameterValue", "The NextToken is not valid: pass back the token a previous response returned.");
}

export async function describeInstancesApi(ctx: Ctx, p: Params) {
  const ids = list(p, "InstanceId");
  const f = filters(p, DESCRIBE_FILTERS);
  const maxResults = int(p, "MaxResults", { min: 5, max: 1000 });
  if (maxResults !== undefined && ids.length) throw new ServiceError("InvalidParameterCombination", "MaxResults can't be used with InstanceId: ask for instances by id, or page through them with filters.");
  const offset = untoken(str(p, "NextToken"));
  const asked = [...(f.get("instance-state-name") ?? []), ...(f.get("instance-state-code") ?? []).map((c) => STATE_BY_CODE[c] ?? "none")];
  const states = asked.filter(isState);
  // A state filter that names no real state matches nothing, as in EC2.
  if (asked.length && !states.length) return { reservationSet: "" };
  const tagValues = [...f].filter(([k]) => k.startsWith("tag:")).map(([k, values]) => ({ key: k.slice(4), values }));
  const pageSize = maxResults ?? 1000;
  const input = {
    ids: [...ids, ...(f.get("instance-id") ?? [])],
    states: states as never,
    types: f.get("instance-type") ?? [],
    imageIds: f.get("image-id") ?? [],
    keyNames: f.get("key-name") ?? [],
    reservationIds: f.get("reservation-id") ?? [],
    publicIps: f.get("ip-address") ?? [],
    privateIps: f.get("private-ip-address") ?? [],
    groupIds: [...(f.get("group-id") ?? []), ...(f.get("instance.group-id") ?? [])],
    groupNames: [...(f.get("group-name") ?? []), ...(f.get("instance.group-name") ?? [])],
    tagKeys: f.get("tag-key") ?? [],
    tagValues,
    sort: "launchedAt" as const,
    dir: "asc" as const,
    withTotal: false,
  };
  // Named instances are shown even when terminated long ago (as EC2 does, while it remembers them).
  if (ids.length && states.length === 0) input.states = ["pending", "running", "shutting-down", "terminated", "stopping", "stopped"] as never;
  for (const id of ids) if (!isId("i", id)) throw new ServiceError("InvalidInstanceID.Malformed", `Invalid id: "${id}" (expecting "i-…")`, "instanceIds");
  const collected: InstanceView[] = [];
  let more = false;
  if (maxResults === undefined) {
    // No MaxResults: everything, a thousand at a time (one extra row says whether
    // another page is needed, so exactly 1,000 instances cost one query).
    for (let from = 0; ; from += 1000) {
      const r = await listInstances({ ctx, input: { ...input, offset: from, pageSize: 1001 } });
      collected.push(...r.items.slice(0, 1000));
      if (r.items.length <= 1000) break;
    }
  } else {
    // One more than asked: whether there is a next page.
    const r = await listInstances({ ctx, input: { ...input, offset, pageSize: pageSize + 1 } });
    more = r.items.length > pageSize;
    collected.push(...r.items.slice(0, pageSize));
  }
  // Every named id must be the team's: otherwise InvalidInstanceID.NotFound, as
  // EC2 answers. Checked only when one is missing from the answer (a filter may
  // have left it out), which saves a query on the common path.
  const found = new Set(collected.map((i) => i.id));
  if (ids.some((id) => !found.has(id))) await requireInstances(ctx, ids);
  const az = f.get("availability-zone");
  const shown = az ? collected.filter((i) => az.includes(i.availabilityZone)) : collected;
  return { reservationSet: items(reservationsXml(ctx, shown)), nextToken: more ? token(offset + pageSize) : undefined };
}

export async function runInstancesApi(ctx: Ctx, p: Params) {
  const userData = str(p, "UserData");
  if (userData !== undefined && base64Bytes(userData) === null) throw new ServiceError("InvalidUserData.Malformed", "Invalid BASE64 encoding of user data.");
  const tags = structs(p, "TagSpecification").flatMap((ts) => {
    const type = str(ts, "ResourceType");
    if (type && type !== "instance") return [];
    return structs(ts, "Tag").map((t) => ({ key: required(t, "Key"), value: str(t, "Value") ?? "" }));
  });
  const placement = struct(p, "Placement");
  const metadata = struct(p, "MetadataOptions");
  const minCount = int(p, "MinCount");
  const maxCount = int(p, "MaxCount");
  if (minCount === undefined) throw new ServiceError("MissingParameter", "The request must contain the parameter MinCount");
  if (maxCount === undefined) throw new ServiceError("MissingParameter", "The request must contain the parameter MaxCount");
  const r = await launchInstances({
    ctx,
    input: {
      imageId: required(p, "ImageId"),
      instanceType: str(p, "InstanceType") ?? "m1.small",
      minCount,
      maxCount,
      keyName: str(p, "KeyName"),
      securityGroups: list(p, "SecurityGroup"),
      securityGroupIds: list(p, "SecurityGroupId"),
      userData: userData?.replace(/\s+/g, ""),
      availabilityZone: str(placement, "AvailabilityZone"),
      tags,
      clientToken: str(p, "ClientToken"),
      tokensRequired: str(metadata, "HttpTokens") === "required",
    },
  });
  const token = str(p, "ClientToken");
  return {
    reservationId: r.reservationId,
    ownerId: accountIdOf(ctx.team.id),
    groupSet: items(r.instances[0]?.groups.map((g) => ({ groupId: g.id, groupName: g.name })) ?? []),
    instancesSet: items(r.instances.map((i) => instanceXml(i, token))),
  };
}

const changeAction =
  (verb: typeof terminateInstances) =>
  async (ctx: Ctx, p: Params) => {
    const ids = list(p, "InstanceId");
    if (!ids.length) throw new ServiceError("MissingParameter", "The request must contain the parameter InstanceId");
    const out = await verb({ ctx, input: { instanceIds: ids } });
    return { instancesSet: items(out.map(stateChangeXml)) };
  };

export const terminateInstancesApi = changeAction(terminateInstances);
export const stopInstancesApi = changeAction(stopInstances);
export const startInstancesApi = changeAction(startInstances);

export async function rebootInstancesApi(ctx: Ctx, p: Params) {
  const ids = list(p, "InstanceId");
  if (!ids.length) throw new ServiceError("MissingParameter", "The request must contain the parameter InstanceId");
  await rebootInstances({ ctx, input: { instanceIds: ids } });
  return { return: true };
}

export async function getConsoleOutputApi(ctx: Ctx, p: Params) {
  const id = required(p, "InstanceId");
  await getInstance({ ctx, input: { instanceId: id } });
  bool(p, "Latest");
  const snap = await readConsole(ctx.db, id);
  const text = snap.lines.join("\n") + (snap.lines.length ? "\n" : "");
  return { instanceId: id, timestamp: ctx.clock.now().toISOString(), output: Buffer.from(text, "utf8").toString("base64") };
}

export async function describeInstanceAttributeApi(ctx: Ctx, p: Params) {
  const id = required(p, "InstanceId");
  const attribute = required(p, "Attribute");
  const i = await getInstance({ ctx, input: { instanceId: id } });
  const value = (v: string | undefined) => (v === undefined ? "" : { value: v });
  switch (attribute) {
    case "userData":
      return { instanceId: id, userData: i.userData === null ? "" : value(i.userData.encoding === "base64" ? i.userData.value : Buffer.from(i.userData.value, "utf8").toString("base64")) };
    case "instanceType":
      return { instanceId: id, instanceType: value(i.instanceType) };
    case "rootDeviceName":
      return { instanceId: id, rootDeviceName: value("/dev/sda1") };
    case "groupSet":
      return { instanceId: id, groupSet: items(i.groups.map((g) => ({ groupId: g.id, groupName: g.name }))) };
    case "disableApiTermination":
      return { instanceId: id, disableApiTermination: { value: false } };
    case "instanceInitiatedShutdownBehavior":
      return { instanceId: id, instanceInitiatedShutdownBehavior: value(i.rootDeviceType === "ebs" ? "stop" : "terminate") };
    default:
      throw new ServiceError("InvalidParameterValue", `Value (${attribute}) for parameter attribute is invalid. Supported: userData, instanceType, rootDeviceName, groupSet, disableApiTermination, instanceInitiatedShutdownBehavior.`);
  }
}
