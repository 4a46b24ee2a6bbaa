// EC2 instance actions over the service verbs: RunInstances, DescribeInstances,
// Terminate/Reboot/Stop/StartInstances, GetConsoleOutput. Parameters in, XML
// shapes out; no rules here.
import type { Ctx } from "../../control-plane/context";
import { ServiceError } from "../../errors";
import { accountIdOf, isId } from "../../ids";
import { launchInstances } from "../../control-plane/instances/launch";
import { listInstances, getInstance, TERMINATED_VISIBLE_MS } from "../../control-plane/instances/list";
import { rebootInstances, startInstances, stopInstances, terminateInstances, type StateChange } from "../../control-plane/instances/actions";
import type { InstanceView } from "../../control-plane/instances/view";
import { ec2Details, macOf, type Ec2Details } from "../../control-plane/instances/ec2-details";
import { ROOT_DEVICE } from "../../control-plane/instances/schemas";
import { readConsole } from "../../console/store";
import { requireInstances } from "../../control-plane/instances/describe";
import { isState, STATES, type InstanceState } from "../../instance-state";
import { base64Bytes } from "../../control-plane/instances/schemas";
import { items } from "../xml";
import { bool, int, list, required, str, struct, structs, type Params } from "../query";
import { applyFilters, readFilters, type Accessors, type Filter } from "./filtering";
import { own, table } from "../../own";
import { tagSpecs } from "./tag-specs";
import { tagSet } from "../../control-plane/tags/resource-tags";

export const iso = (s: string) => s.replace(/\.\d{3}Z$/, ".000Z");

const groupSetXml = (groups: { id: string; name: string }[]) => items(groups.map((g) => ({ groupId: g.id, groupName: g.name })));

export function instanceXml(ctx: Ctx, i: InstanceView, d?: Ec2Details) {
  const owner = accountIdOf(ctx.team.id);
  const eni = d?.networkInterfaceId;
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
    subnetId: d?.subnetId ?? undefined,
    vpcId: d?.vpcId ?? undefined,
    privateIpAddress: i.privateIp ?? undefined,
    ipAddress: i.publicIp ?? undefined,
    sourceDestCheck: d ? d.sourceDestCheck : undefined,
    groupSet: groupSetXml(i.groups),
    stateReason: i.stateReason.code ? { code: i.stateReason.code, message: i.stateReason.message } : undefined,
    architecture: i.architecture,
    rootDeviceType: i.rootDeviceType,
    rootDeviceName: ROOT_DEVICE,
    blockDeviceMapping: items(
      (d?.volumes ?? []).map((v) => ({ deviceName: v.device, ebs: { volumeId: v.id, status: "attached", attachTime: iso(v.attachedAt), deleteOnTermination: v.deleteOnTermination } })),
    ),
    virtualizationType: "paravirtual",
    clientToken: d?.clientToken ?? "",
    tagSet: items(tagSet(i.tags)),
    hypervisor: "xen",
    networkInterfaceSet:
      eni && i.state !== "terminated"
        ? items([
            {
              networkInterfaceId: eni,
              subnetId: d?.subnetId ?? undefined,
              vpcId: d?.vpcId ?? undefined,
              ownerId: owner,
              status: "in-use",
              macAddress: macOf(eni),
              privateIpAddress: i.privateIp ?? undefined,
              privateDnsName: i.privateDns || undefined,
              sourceDestCheck: d?.sourceDestCheck,
              groupSet: groupSetXml(i.groups),
              attachment: { attachmentId: `eni-attach-${eni.slice(4)}`, deviceIndex: 0, status: "attached", attachTime: iso(i.launchedAt), deleteOnTermination: true },
              association: i.publicIp ? { publicIp: i.publicIp, publicDnsName: i.publicDns, ipOwnerId: "amazon" } : undefined,
              privateIpAddressesSet: i.privateIp ? { item: { privateIpAddress: i.privateIp, primary: true } } : "",
            },
          ])
        : "",
    ebsOptimized: d?.ebsOptimized ?? false,
    enaSupport: false,
    metadataOptions: d
      ? { state: "applied", httpTokens: d.metadata.httpTokens, httpPutResponseHopLimit: d.metadata.httpPutResponseHopLimit, httpEndpoint: d.metadata.httpEndpoint, httpProtocolIpv6: "disabled", instanceMetadataTags: d.metadata.instanceMetadataTags }
      : undefined,
    platformDetails: "Linux/UNIX",
  };
}

/** Instances grouped into their reservations, in order. */
export function reservationsXml(ctx: Ctx, instances: InstanceView[], details: Map<string, Ec2Details>) {
  const byRes = new Map<string, InstanceView[]>();
  for (const i of instances) (byRes.get(i.reservationId) ?? byRes.set(i.reservationId, []).get(i.reservationId)!).push(i);
  return [...byRes].map(([reservationId, list]) => ({
    reservationId,
    ownerId: accountIdOf(ctx.team.id),
    groupSet: "",
    instancesSet: items(list.map((i) => instanceXml(ctx, i, details.get(i.id)))),
  }));
}

const stateChangeXml = (c: StateChange) => ({
  instanceId: c.instanceId,
  currentState: { code: c.currentState.code, name: c.currentState.name },
  previousState: { code: c.previousState.code, name: c.previousState.name },
});

type Row = { v: InstanceView; d: Ec2Details | undefined };
const ifacePart = <T>(r: Row, f: (r: Row) => T) => (r.d?.networkInterfaceId && r.v.state !== "terminated" ? f(r) : undefined);

export const INSTANCE_FILTERS: Accessors<Row> = {
  "instance-id": (r) => r.v.id,
  "instance-state-name": (r) => r.v.state,
  "instance-state-code": (r) => r.v.stateCode,
  "instance-type": (r) => r.v.instanceType,
  "image-id": (r) => r.v.imageId,
  "key-name": (r) => r.v.keyName,
  "reservation-id": (r) => r.v.reservationId,
  "ip-address": (r) => r.v.publicIp,
  "private-ip-address": (r) => r.v.privateIp,
  "dns-name": (r) => r.v.publicDns,
  "private-dns-name": (r) => r.v.privateDns,
  "group-id": (r) => r.v.groups.map((g) => g.id),
  "group-name": (r) => r.v.groups.map((g) => g.name),
  "instance.group-id": (r) => r.v.groups.map((g) => g.id),
  "instance.group-name": (r) => r.v.groups.map((g) => g.name),
  "availability-zone": (r) => r.v.availabilityZone,
  architecture: (r) => r.v.architecture,
  "root-device-type": (r) => r.v.rootDeviceType,
  "root-device-name": () => ROOT_DEVICE,
  "launch-index": (r) => r.v.launchIndex,
  "launch-time": (r) => iso(r.v.launchedAt),
  "state-reason-code": (r) => r.v.stateReason.code,
  "client-token": (r) => r.d?.clientToken,
  "owner-id": () => null, // the team's account, per request
  "vpc-id": (r) => r.d?.vpcId,
  "subnet-id": (r) => r.d?.subnetId,
  "source-dest-check": (r) => r.d?.sourceDestCheck,
  "ebs-optimized": (r) => r.d?.ebsOptimized,
  tenancy: () => "default",
  "monitoring-state": () => "disabled",
  hypervisor: () => "xen",
  "virtualization-type": () => "paravirtual",
  "platform-details": () => "Linux/UNIX",
  "network-interface.network-interface-id": (r) => ifacePart(r, (x) => x.d!.networkInterfaceId),
  "network-interface.subnet-id": (r) => ifacePart(r, (x) => x.d!.subnetId),
  "network-interface.vpc-id": (r) => ifacePart(r, (x) => x.d!.vpcId),
  "network-interface.mac-address": (r) => ifacePart(r, (x) => macOf(x.d!.networkInterfaceId!)),
  "network-interface.status": (r) => ifacePart(r, () => "in-use"),
  "network-interface.addresses.private-ip-address": (r) => ifacePart(r, (x) => x.v.privateIp),
  "network-interface.private-dns-name": (r) => ifacePart(r, (x) => x.v.privateDns),
  "network-interface.group-id": (r) => ifacePart(r, (x) => x.v.groups.map((g) => g.id)),
  "block-device-mapping.volume-id": (r) => r.d?.volumes.map((v) => v.id),
  "block-device-mapping.device-name": (r) => r.d?.volumes.map((v) => v.device),
  "block-device-mapping.status": (r) => r.d?.volumes.map(() => "attached"),
  "metadata-options.http-tokens": (r) => r.d?.metadata.httpTokens,
  "metadata-options.http-endpoint": (r) => r.d?.metadata.httpEndpoint,
  "metadata-options.http-put-response-hop-limit": (r) => r.d?.metadata.httpPutResponseHopLimit,
  "metadata-options.instance-metadata-tags": (r) => r.d?.metadata.instanceMetadataTags,
};

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

/** The filters the instances query takes in SQL: those with literal values, named once. The rest are applied here. */
function pushDown(filters: Filter[]) {
  const once = (name: string) => filters.filter((f) => f.name === name).length === 1;
  const input = {
    ids: [] as string[], states: [] as string[], types: [] as string[], imageIds: [] as string[], keyNames: [] as string[], reservationIds: [] as string[], publicIps: [] as string[], privateIps: [] as string[],
    groupIds: [] as string[], groupNames: [] as string[], tagKeys: [] as string[], tagValues: [] as { key: string; values: string[] }[],
  };
  const column = table<keyof typeof input>({
    "instance-id": "ids", "instance-type": "types", "image-id": "imageIds", "key-name": "keyNames", "reservation-id": "reservationIds", "ip-address": "publicIps",
    "private-ip-address": "privateIps", "group-id": "groupIds", "group-name": "groupNames",
  });
  const rest: Filter[] = [];
  let impossible = false;
  for (const f of filters) {
    const exact = f.exact;
    if (!exact || !once(f.name)) rest.push(f);
    else if (f.name === "instance-state-name" || f.name === "instance-state-code") {
      if (!once("instance-state-name") || !once("instance-state-code") || filters.some((g) => g.name === "instance-state-name") === filters.some((g) => g.name === "instance-state-code")) rest.push(f);
      else {
        const states = (f.name === "instance-state-code" ? exact.map((c) => STATE_BY_CODE[c] ?? "none") : exact).filter(isState);
        // A state filter that names no real state matches nothing, as in EC2.
        if (!states.length) impossible = true;
        input.states = states;
      }
    } else if (f.name === "instance-id") {
      // A malformed id can't match: EC2 answers an empty set for a filter.
      input.ids = exact.filter((id) => isId("i", id));
      if (!input.ids.length) impossible = true;
    } else if (own(column, f.name)) (input[own(column, f.name)!] as string[]).push(...exact);
    else if (f.name === "tag-key" && exact.length === 1) input.tagKeys.push(exact[0]);
    else if (f.name.startsWith("tag:")) input.tagValues.push({ key: f.name.slice(4), values: exact });
    else rest.push(f);
  }
  return { input, rest, impossible };
}

export async function describeInstancesApi(ctx: Ctx, p: Params) {
  const ids = list(p, "InstanceId");
  const filters = readFilters(p, Object.keys(INSTANCE_FILTERS));
  const maxResults = int(p, "MaxResults", { min: 5, max: 1000 });
  if (maxResults !== undefined && ids.length) throw new ServiceError("InvalidParameterCombination", "MaxResults can't be used with InstanceId: ask for instances by id, or page through them with filters.");
  for (const id of ids) if (!isId("i", id)) throw new ServiceError("InvalidInstanceID.Malformed", `Invalid id: "${id}" (expecting "i-…")`, "instanceIds");
  const offset = untoken(str(p, "NextToken"));
  const { input: pushed, rest, impossible } = pushDown(filters);
  if (impossible) return { reservationSet: "" };
  const owner = accountIdOf(ctx.team.id);
  const fields: Accessors<Row> = { ...INSTANCE_FILTERS, "owner-id": () => owner };
  const input = {
    ...pushed,
    ids: ids.length && pushed.ids.length ? ids.filter((id) => pushed.ids.includes(id)) : [...ids, ...pushed.ids],
    states: pushed.states as InstanceState[],
    sort: "launchedAt" as const,
    dir: "asc" as const,
    withTotal: false,
  };
  if (ids.length && pushed.ids.length && !input.ids.length) return { reservationSet: "" };
  // Named instances (or a state filter applied here) see every state EC2 still remembers.
  if ((ids.length || rest.some((f) => f.name.startsWith("instance-state"))) && input.states.length === 0) input.states = [...STATES];
  const pageSize = maxResults ?? 1000;
  const collected: Row[] = [];
  let more = false;
  const withDetails = async (views: InstanceView[]) => {
    const d = await ec2Details(ctx, views.map((v) => v.id));
    return views.map((v) => ({ v, d: d.get(v.id) }));
  };
  const oldest = ctx.clock.now().getTime() - TERMINATED_VISIBLE_MS;
  const remembered = (r: Row) => !(r.v.state === "terminated" && !ids.includes(r.v.id) && r.v.terminatedAt !== null && Date.parse(r.v.terminatedAt) < oldest);
  if (rest.length === 0 && maxResults !== undefined) {
    // One more than asked: whether there is a next page.
    const r = await listInstances({ ctx, input: { ...input, offset, pageSize: pageSize + 1 } });
    more = r.items.length > pageSize;
    collected.push(...(await withDetails(r.items.slice(0, pageSize))));
  } else {
    // Everything, a thousand at a time (one extra row says whether another page
    // is needed, so exactly 1,000 instances cost one query); then the filters
    // SQL can't apply, then the page.
    const matched: Row[] = [];
    for (let from = 0; ; from += 1000) {
      const r = await listInstances({ ctx, input: { ...input, offset: from, pageSize: 1001 } });
      matched.push(...applyFilters(await withDetails(r.items.slice(0, 1000)), rest, fields, (x) => x.v.tags).filter(remembered));
      if (r.items.length <= 1000) break;
    }
    if (maxResults === undefined) collected.push(...matched);
    else {
      collected.push(...matched.slice(offset, offset + pageSize));
      more = matched.length > offset + pageSize;
    }
  }
  // Every named id must be the team's: otherwise InvalidInstanceID.NotFound, as
  // EC2 answers. Checked only when one is missing from the answer (a filter may
  // have left it out), which saves a query on the common path.
  const found = new Set(collected.map((r) => r.v.id));
  if (ids.some((id) => !found.has(id))) await requireInstances(ctx, ids);
  const details = new Map(collected.flatMap((r) => (r.d ? [[r.v.id, r.d] as const] : [])));
  return { reservationSet: items(reservationsXml(ctx, collected.map((r) => r.v), details)), nextToken: more ? token(offset + pageSize) : undefined };
}

const INSTANCE_TAG_TYPES = ["instance", "volume", "network-interface"];

/** RunInstances parameters the service can't honour are refused by name rather than ignored. */
function refuseUnsupported(p: Params) {
  const no = (param: string, why: string) => {
    throw new ServiceError("UnsupportedOperation", `${param}: ${why}`);
  };
  const placement = struct(p, "Placement");
  const tenancy = str(placement, "Tenancy");
  if (tenancy && tenancy !== "default") no("Placement.Tenancy", `Stratus runs instances on shared hosts only (tenancy "default"), not "${tenancy}".`);
  if (str(struct(p, "Monitoring"), "Enabled") === "true") no("Monitoring.Enabled", "detailed monitoring is not offered; leave it false.");
  if (struct(p, "IamInstanceProfile")) no("IamInstanceProfile", "Stratus has no IAM roles to give an instance.");
  if (str(struct(p, "HibernationOptions"), "Configured") === "true") no("HibernationOptions.Configured", "instances can't hibernate here.");
  if (str(p, "PrivateIpAddress")) no("PrivateIpAddress", "private addresses are assigned from the subnet; a chosen one can't be asked for.");
  if (str(struct(p, "MetadataOptions"), "HttpProtocolIpv6") === "enabled") no("MetadataOptions.HttpProtocolIpv6", "instances here have no IPv6 address.");
  const credits = str(struct(p, "CreditSpecification"), "CpuCredits");
  if (credits) no("CreditSpecification.CpuCredits", `the instance types here are not burstable (T-family), so CPU credits ("${credits}") don't apply.`);
}

/** The primary interface given as NetworkInterface.1 (device 0): its subnet and groups. */
function primaryInterface(p: Params): { subnetId?: string; groupIds: string[] } {
  const nis = structs(p, "NetworkInterface");
  if (!nis.length) return { groupIds: [] };
  if (nis.length > 1) throw new ServiceError("UnsupportedOperation", "NetworkInterface: an instance here has one network interface (device index 0).");
  const ni = nis[0];
  if ((str(ni, "DeviceIndex") ?? "0") !== "0") throw new ServiceError("InvalidParameterValue", "NetworkInterface.1.DeviceIndex must be 0: the primary interface.");
  if (str(ni, "NetworkInterfaceId")) throw new ServiceError("UnsupportedOperation", "NetworkInterface.1.NetworkInterfaceId: interfaces are created with their instance; an existing one can't be attached.");
  if (str(ni, "AssociatePublicIpAddress") === "false") throw new ServiceError("UnsupportedOperation", "NetworkInterface.1.AssociatePublicIpAddress: every instance here gets a public address through NAT.");
  if (str(ni, "PrivateIpAddress")) throw new ServiceError("UnsupportedOperation", "NetworkInterface.1.PrivateIpAddress: private addresses are assigned from the subnet.");
  return { subnetId: str(ni, "SubnetId"), groupIds: list(ni, "SecurityGroupId") };
}

/** BlockDeviceMapping.N: the root volume's size, type and delete-on-termination. */
function rootVolume(p: Params) {
  const maps = structs(p, "BlockDeviceMapping");
  if (!maps.length) return undefined;
  let out: { sizeGiB?: number; volumeType?: string; deleteOnTermination?: boolean } | undefined;
  maps.forEach((m, n) => {
    const device = required(m, "DeviceName");
    if (str(m, "VirtualName") || str(m, "NoDevice") !== undefined) return; // instance-store mappings: the type's own storage
    if (device !== ROOT_DEVICE) throw new ServiceError("UnsupportedOperation", `BlockDeviceMapping.${n + 1}.DeviceName: only the root volume (${ROOT_DEVICE}) can be set; Stratus attaches no other volumes.`);
    const ebs = struct(m, "Ebs");
    if (str(ebs, "Encrypted") === "true") throw new ServiceError("UnsupportedOperation", `BlockDeviceMapping.${n + 1}.Ebs.Encrypted: volumes here are not encrypted.`);
    out = { sizeGiB: int(ebs ?? {}, "VolumeSize", { min: 1, max: 16384 }), volumeType: str(ebs, "VolumeType"), deleteOnTermination: bool(ebs ?? {}, "DeleteOnTermination") };
  });
  return out;
}

export async function runInstancesApi(ctx: Ctx, p: Params) {
  refuseUnsupported(p);
  const userData = str(p, "UserData");
  if (userData !== undefined && base64Bytes(userData) === null) throw new ServiceError("InvalidUserData.Malformed", "Invalid BASE64 encoding of user data.");
  const tags = tagSpecs(p, INSTANCE_TAG_TYPES);
  const placement = struct(p, "Placement");
  const metadata = struct(p, "MetadataOptions");
  const minCount = int(p, "MinCount");
  const maxCount = int(p, "MaxCount");
  if (minCount === undefined) throw new ServiceError("MissingParameter", "The request must contain the parameter MinCount");
  if (maxCount === undefined) throw new ServiceError("MissingParameter", "The request must contain the parameter MaxCount");
  const ni = primaryInterface(p);
  const topSubnet = str(p, "SubnetId");
  if (topSubnet && ni.subnetId && topSubnet !== ni.subnetId) throw new ServiceError("InvalidParameterCombination", "Network interfaces and an instance-level subnet ID may not be specified on the same request");
  const behavior = str(p, "InstanceInitiatedShutdownBehavior");
  const hop = int(metadata ?? {}, "HttpPutResponseHopLimit");
  const r = await launchInstances({
    ctx,
    input: {
      imageId: required(p, "ImageId"),
      instanceType: str(p, "InstanceType") ?? "m1.small",
      minCount,
      maxCount,
      keyName: str(p, "KeyName"),
      securityGroups: list(p, "SecurityGroup"),
      securityGroupIds: [...list(p, "SecurityGroupId"), ...ni.groupIds],
      userData: userData?.replace(/\s+/g, ""),
      availabilityZone: str(placement, "AvailabilityZone"),
      subnetId: topSubnet ?? ni.subnetId,
      tags: tags.get("instance") ?? [],
      volumeTags: tags.get("volume") ?? [],
      interfaceTags: tags.get("network-interface") ?? [],
      clientToken: str(p, "ClientToken"),
      tokensRequired: str(metadata, "HttpTokens") === "required",
      disableApiTermination: bool(p, "DisableApiTermination") ?? false,
      disableApiStop: bool(p, "DisableApiStop") ?? false,
      shutdownBehavior: behavior as "stop" | undefined,
      ebsOptimized: bool(p, "EbsOptimized") ?? false,
      metadata: {
        httpEndpoint: str(metadata, "HttpEndpoint") as "enabled" | undefined,
        httpPutResponseHopLimit: hop,
        instanceMetadataTags: str(metadata, "InstanceMetadataTags") as "enabled" | undefined,
        httpProtocolIpv6: str(metadata, "HttpProtocolIpv6") as "enabled" | undefined,
      },
      rootVolume: rootVolume(p) as never,
    },
  });
  // A launch gives them; an earlier launch returned for its token is read.
  const details = r.ec2 ? new Map(r.instances.map((i, n) => [i.id, r.ec2![n]])) : await ec2Details(ctx, r.instances.map((i) => i.id));
  return {
    reservationId: r.reservationId,
    ownerId: accountIdOf(ctx.team.id),
    groupSet: "",
    instancesSet: items(r.instances.map((i) => instanceXml(ctx, i, details.get(i.id)))),
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
