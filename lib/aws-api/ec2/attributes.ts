// Instance attributes and status: DescribeInstanceAttribute (every documented
// attribute), ModifyInstanceAttribute, ModifyInstanceMetadataOptions,
// DescribeInstanceStatus and DescribeInstanceCreditSpecifications.
import type { Ctx } from "../../control-plane/context";
import { ServiceError } from "../../errors";
import { getInstance, listInstances } from "../../control-plane/instances/list";
import { modifyInstanceAttribute, modifyMetadataOptions } from "../../control-plane/instances/attributes";
import { ec2Details } from "../../control-plane/instances/ec2-details";
import { statusChecks } from "../../control-plane/instances/status";
import { ROOT_DEVICE } from "../../control-plane/instances/schemas";
import { requireInstances } from "../../control-plane/instances/describe";
import { STATES, type InstanceState } from "../../instance-state";
import { isId } from "../../ids";
import { items } from "../xml";
import { bool, int, list, required, str, struct, structs, type Params } from "../query";
import { applyFilters, readFilters, type Accessors } from "./filtering";
import { iso } from "./instances";

const ATTRIBUTES = [
  "instanceType", "kernel", "ramdisk", "userData", "disableApiTermination", "instanceInitiatedShutdownBehavior", "rootDeviceName", "blockDeviceMapping",
  "productCodes", "sourceDestCheck", "groupSet", "ebsOptimized", "sriovNetSupport", "enaSupport", "enclaveOptions", "disableApiStop",
];

const value = (v: string | boolean | undefined) => (v === undefined ? "" : { value: v });

export async function describeInstanceAttributeApi(ctx: Ctx, p: Params) {
  const id = required(p, "InstanceId");
  const attribute = required(p, "Attribute");
  if (!ATTRIBUTES.includes(attribute)) throw new ServiceError("InvalidParameterValue", `Value (${attribute}) for parameter attribute is invalid. Unknown attribute: use one of ${ATTRIBUTES.join(", ")}.`);
  if (!isId("i", id)) throw new ServiceError("InvalidInstanceID.Malformed", `Invalid id: "${id}" (expecting "i-…")`);
  const i = await getInstance({ ctx, input: { instanceId: id } });
  const d = (await ec2Details(ctx, [id])).get(id)!;
  const out: Record<string, unknown> = { instanceId: id };
  switch (attribute) {
    case "userData":
      out.userData = i.userData === null ? "" : value(i.userData.encoding === "base64" ? i.userData.value : Buffer.from(i.userData.value, "utf8").toString("base64"));
      break;
    case "instanceType":
      out.instanceType = value(i.instanceType);
      break;
    case "kernel":
    case "ramdisk":
    case "sriovNetSupport":
      // Stratus images boot their own kernel: no separate kernel or ramdisk image, and no SR-IOV.
      out[attribute] = "";
      break;
    case "rootDeviceName":
      out.rootDeviceName = value(ROOT_DEVICE);
      break;
    case "blockDeviceMapping":
      out.blockDeviceMapping = items(d.volumes.map((v) => ({ deviceName: v.device, ebs: { volumeId: v.id, status: "attached", attachTime: iso(v.attachedAt), deleteOnTermination: v.deleteOnTermination } })));
      break;
    case "productCodes":
      out.productCodes = "";
      break;
    case "groupSet":
      out.groupSet = items(i.groups.map((g) => ({ groupId: g.id, groupName: g.name })));
      break;
    case "enclaveOptions":
      out.enclaveOptions = { enabled: false };
      break;
    case "instanceInitiatedShutdownBehavior":
      out.instanceInitiatedShutdownBehavior = value(d.shutdownBehavior);
      break;
    case "enaSupport":
      out.enaSupport = value(false);
      break;
    default:
      out[attribute] = value(d[attribute as "disableApiTermination" | "disableApiStop" | "sourceDestCheck" | "ebsOptimized"]);
  }
  return out;
}

/** The attribute a ModifyInstanceAttribute call changes: the typed form (DisableApiTermination.Value=…) or Attribute/Value. */
function changeFrom(p: Params) {
  const typed: [string, string | undefined][] = [
    ["disableApiTermination", str(struct(p, "DisableApiTermination"), "Value")],
    ["disableApiStop", str(struct(p, "DisableApiStop"), "Value")],
    ["sourceDestCheck", str(struct(p, "SourceDestCheck"), "Value")],
    ["ebsOptimized", str(struct(p, "EbsOptimized"), "Value")],
    ["instanceInitiatedShutdownBehavior", str(struct(p, "InstanceInitiatedShutdownBehavior"), "Value")],
    ["instanceType", str(struct(p, "InstanceType"), "Value")],
    ["userData", str(struct(p, "UserData"), "Value")],
    ["kernel", str(struct(p, "Kernel"), "Value")],
    ["ramdisk", str(struct(p, "Ramdisk"), "Value")],
    ["sriovNetSupport", str(struct(p, "SriovNetSupport"), "Value")],
    ["enaSupport", str(struct(p, "EnaSupport"), "Value")],
  ];
  const given = typed.filter(([, v]) => v !== undefined) as [string, string][];
  const groups = list(p, "GroupId");
  const mappings = structs(p, "BlockDeviceMapping");
  const attribute = str(p, "Attribute");
  const count = given.length + (groups.length ? 1 : 0) + (mappings.length ? 1 : 0) + (attribute ? 1 : 0);
  if (count === 0) throw new ServiceError("MissingParameter", "Say which attribute to change: Attribute and Value, or one of DisableApiTermination.Value, InstanceType.Value, GroupId.N, …");
  if (count > 1) throw new ServiceError("InvalidParameterCombination", "Fields for multiple attribute types specified: change one attribute per call.");
  const bool = (name: string, v: string) => {
    if (v !== "true" && v !== "false") throw new ServiceError("InvalidParameterValue", `Value (${v}) for parameter ${name} is invalid: it must be true or false.`);
    return v === "true";
  };
  let [name, v] = given[0] ?? [attribute!, str(p, "Value") ?? ""];
  if (groups.length) [name, v] = ["groupSet", ""];
  if (mappings.length) return { attribute: "blockDeviceMapping" as const, mappings };
  switch (name) {
    case "disableApiTermination":
    case "disableApiStop":
    case "sourceDestCheck":
    case "ebsOptimized":
      return { attribute: name, value: bool(`${name[0].toUpperCase()}${name.slice(1)}.Value`, v) };
    case "instanceInitiatedShutdownBehavior":
    case "instanceType":
    case "userData":
      return { attribute: name, value: v };
    case "groupSet":
      return { attribute: name, value: groups };
    case "kernel":
    case "ramdisk":
    case "sriovNetSupport":
    case "enaSupport":
      throw new ServiceError("UnsupportedInstanceAttribute", `${name} can't be changed here: Stratus images boot their own kernel, with no separate kernel or ramdisk image, SR-IOV or ENA.`);
    default:
      throw new ServiceError("InvalidParameterValue", `Value (${name}) for parameter attribute is invalid. Writable attributes: disableApiTermination, disableApiStop, instanceInitiatedShutdownBehavior, instanceType, userData, sourceDestCheck, ebsOptimized, groupSet, blockDeviceMapping.`);
  }
}

export async function modifyInstanceAttributeApi(ctx: Ctx, p: Params) {
  const instanceId = required(p, "InstanceId");
  const change = changeFrom(p);
  if (change.attribute === "blockDeviceMapping") {
    // Only delete-on-termination of an attached volume changes after launch.
    const mappings = change.mappings.map((m, n) => {
      const del = str(struct(m, "Ebs"), "DeleteOnTermination");
      if (del === undefined) throw new ServiceError("MissingParameter", `BlockDeviceMapping.${n + 1}.Ebs.DeleteOnTermination is what can change on an attached volume.`);
      return { device: required(m, "DeviceName"), deleteOnTermination: del === "true" };
    });
    await modifyInstanceAttribute({ ctx, input: { instanceId, change: { attribute: "blockDeviceMapping", value: mappings } } });
  } else await modifyInstanceAttribute({ ctx, input: { instanceId, change: change as never } });
  return { return: true };
}

export async function modifyInstanceMetadataOptionsApi(ctx: Ctx, p: Params) {
  const r = await modifyMetadataOptions({
    ctx,
    input: {
      instanceId: required(p, "InstanceId"),
      httpTokens: str(p, "HttpTokens") as "optional" | undefined,
      httpEndpoint: str(p, "HttpEndpoint") as "enabled" | undefined,
      httpPutResponseHopLimit: int(p, "HttpPutResponseHopLimit"),
      instanceMetadataTags: str(p, "InstanceMetadataTags") as "enabled" | undefined,
      httpProtocolIpv6: str(p, "HttpProtocolIpv6") as "enabled" | undefined,
    },
  });
  return {
    instanceId: r.instanceId,
    instanceMetadataOptions: { state: "applied", httpTokens: r.httpTokens, httpPutResponseHopLimit: r.httpPutResponseHopLimit, httpEndpoint: r.httpEndpoint, httpProtocolIpv6: "disabled", instanceMetadataTags: r.instanceMetadataTags },
  };
}

type StatusRow = Awaited<ReturnType<typeof listInstances>>["items"][number];

const STATUS_FILTERS = (now: Date): Accessors<StatusRow> => ({
  "availability-zone": (i) => i.availabilityZone,
  "instance-state-name": (i) => i.state,
  "instance-state-code": (i) => i.stateCode,
  "system-status.status": (i) => statusChecks(i, now).status,
  "instance-status.status": (i) => statusChecks(i, now).status,
  "system-status.reachability": (i) => statusChecks(i, now).reachability,
  "instance-status.reachability": (i) => statusChecks(i, now).reachability,
  "event.code": (i) => i.events.map((e) => e.code),
  "event.description": (i) => i.events.map((e) => e.description),
  "event.not-before": (i) => i.events.map((e) => iso(e.notBefore)),
  "event.instance-event-id": (i) => i.events.map((e) => e.id),
});

export async function describeInstanceStatusApi(ctx: Ctx, p: Params) {
  const ids = list(p, "InstanceId");
  const now = ctx.clock.now();
  const fields = STATUS_FILTERS(now);
  const filters = readFilters(p, Object.keys(fields), { tags: false });
  const all = bool(p, "IncludeAllInstances") ?? false;
  const max = int(p, "MaxResults", { min: 5, max: 1000 });
  if (max !== undefined && ids.length) throw new ServiceError("InvalidParameterCombination", "MaxResults can't be used with InstanceId.");
  if (ids.length) await requireInstances(ctx, ids);
  const states: InstanceState[] = all ? [...STATES] : ["running"];
  const found: StatusRow[] = [];
  for (let from = 0; ; from += 1000) {
    const r = await listInstances({ ctx, input: { ids, states, sort: "launchedAt", dir: "asc", withTotal: false, offset: from, pageSize: 1001 } });
    found.push(...r.items.slice(0, 1000));
    if (r.items.length <= 1000) break;
  }
  const shown = applyFilters(found, filters, fields);
  const offset = Number(str(p, "NextToken") ?? 0);
  if (!Number.isInteger(offset) || offset < 0) throw new ServiceError("InvalidParameterValue", "The NextToken is not valid: pass back the token a previous response returned.");
  const page = max === undefined ? shown : shown.slice(offset, offset + max);
  const check = (i: StatusRow) => {
    const c = statusChecks(i, now);
    return { status: c.status, details: c.reachability ? items([{ name: "reachability", status: c.reachability }]) : "" };
  };
  return {
    instanceStatusSet: items(
      page.map((i) => ({
        instanceId: i.id,
        availabilityZone: i.availabilityZone,
        eventsSet: items(i.events.map((e) => ({ instanceEventId: e.id, code: e.code, description: e.description, notBefore: iso(e.notBefore) }))),
        instanceState: { code: i.stateCode, name: i.state },
        systemStatus: check(i),
        instanceStatus: check(i),
      })),
    ),
    nextToken: max !== undefined && shown.length > offset + max ? String(offset + max) : undefined,
  };
}

/** No instance type here is burstable, so no instance has a credit specification; naming one is EC2's error. */
export async function describeInstanceCreditSpecificationsApi(ctx: Ctx, p: Params) {
  const ids = list(p, "InstanceId");
  readFilters(p, ["instance-id"], { tags: false });
  if (ids.length) {
    const rows = await requireInstances(ctx, ids);
    throw new ServiceError("InstanceCreditSpecification.NotSupported", `The instance ID '${rows[0].id}' is of type ${rows[0].instanceType}, which is not a burstable performance (T-family) type: it has no CPU credit specification.`);
  }
  return { instanceCreditSpecificationSet: "" };
}
