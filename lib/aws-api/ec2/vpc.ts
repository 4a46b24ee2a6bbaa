// The default VPC as EC2 shows it: DescribeVpcs, DescribeSubnets,
// DescribeAccountAttributes, DescribeNetworkInterfaces (each instance's
// primary interface) and ModifyNetworkInterfaceAttribute.
import type { Ctx } from "../../control-plane/context";
import { ServiceError } from "../../errors";
import { accountIdOf } from "../../ids";
import { describeVpcs, describeSubnets } from "../../control-plane/vpcs/vpcs";
import { getTeamSettings } from "../../control-plane/teams/settings";
import { listInstances } from "../../control-plane/instances/list";
import { modifyInstanceAttribute } from "../../control-plane/instances/attributes";
import { ec2Details, macOf, type Ec2Details } from "../../control-plane/instances/ec2-details";
import { tagMap, tagSet } from "../../control-plane/tags/resource-tags";
import { EIP_LIMIT } from "../../control-plane/addresses/elastic-ips";
import { AVAILABILITY_ZONES, REGION } from "../../control-plane/catalog/seed-data";
import type { InstanceView } from "../../control-plane/instances/view";
import { items } from "../xml";
import { int, list, required, str, struct, type Params } from "../query";
import { own, table } from "../../own";
import { applyFilters, readFilters, type Accessors } from "./filtering";
import { iso } from "./instances";

export const zoneId = (zone: string) => `use1-az${(AVAILABILITY_ZONES as readonly string[]).indexOf(zone) + 1}`;

type VpcRow = Awaited<ReturnType<typeof describeVpcs>>[number];
const VPC_FILTERS: Accessors<VpcRow> = {
  "vpc-id": (v) => v.id,
  "cidr": (v) => v.cidrBlock,
  "cidr-block-association.cidr-block": (v) => v.cidrBlock,
  "is-default": (v) => v.isDefault,
  state: (v) => v.state,
  "dhcp-options-id": () => "default",
  "owner-id": () => null,
};

export async function describeVpcsApi(ctx: Ctx, p: Params) {
  const owner = accountIdOf(ctx.team.id);
  const filters = readFilters(p, Object.keys(VPC_FILTERS));
  const vpcs = applyFilters(await describeVpcs({ ctx, input: { ids: list(p, "VpcId") } }), filters, { ...VPC_FILTERS, "owner-id": () => owner }, (v) => v.tags);
  return {
    vpcSet: items(
      vpcs.map((v) => ({
        vpcId: v.id,
        ownerId: owner,
        state: v.state,
        cidrBlock: v.cidrBlock,
        cidrBlockAssociationSet: items([{ cidrBlock: v.cidrBlock, associationId: `vpc-cidr-assoc-${v.id.slice(4)}`, cidrBlockState: { state: "associated" } }]),
        ipv6CidrBlockAssociationSet: "",
        dhcpOptionsId: "default",
        instanceTenancy: "default",
        isDefault: v.isDefault,
        tagSet: items(tagSet(v.tags)),
      })),
    ),
  };
}

const VPC_ATTRIBUTES = table({ enableDnsSupport: true, enableDnsHostnames: true, enableNetworkAddressUsageMetrics: false });

/** DescribeVpcAttribute: the default VPC resolves names and gives instances DNS hostnames, as EC2's does. */
export async function describeVpcAttributeApi(ctx: Ctx, p: Params) {
  const vpcId = required(p, "VpcId");
  const attribute = required(p, "Attribute");
  await describeVpcs({ ctx, input: { ids: [vpcId] } });
  const value = own(VPC_ATTRIBUTES, attribute);
  if (value === undefined) throw new ServiceError("InvalidParameterValue", `Value (${attribute}) for parameter attribute is invalid. Use enableDnsSupport, enableDnsHostnames or enableNetworkAddressUsageMetrics.`);
  return { vpcId, [attribute]: { value } };
}

type SubnetRow = Awaited<ReturnType<typeof describeSubnets>>[number];
const SUBNET_FILTERS: Accessors<SubnetRow> = {
  "subnet-id": (s) => s.id,
  "vpc-id": (s) => s.vpcId,
  "availability-zone": (s) => s.availabilityZone,
  "availability-zone-id": (s) => zoneId(s.availabilityZone),
  "availabilityZone": (s) => s.availabilityZone,
  "cidr-block": (s) => s.cidrBlock,
  cidrBlock: (s) => s.cidrBlock,
  cidr: (s) => s.cidrBlock,
  "default-for-az": (s) => s.defaultForAz,
  defaultForAz: (s) => s.defaultForAz,
  "map-public-ip-on-launch": (s) => s.mapPublicIpOnLaunch,
  state: (s) => s.state,
  "available-ip-address-count": (s) => s.availableIpAddressCount,
  "owner-id": () => null,
};

export async function describeSubnetsApi(ctx: Ctx, p: Params) {
  const owner = accountIdOf(ctx.team.id);
  const filters = readFilters(p, Object.keys(SUBNET_FILTERS));
  int(p, "MaxResults", { min: 5, max: 1000 });
  const subnets = applyFilters(await describeSubnets({ ctx, input: { ids: list(p, "SubnetId") } }), filters, { ...SUBNET_FILTERS, "owner-id": () => owner }, (s) => s.tags);
  return {
    subnetSet: items(
      subnets.map((s) => ({
        subnetId: s.id,
        subnetArn: `arn:aws:ec2:${REGION}:${owner}:subnet/${s.id}`,
        state: s.state,
        ownerId: owner,
        vpcId: s.vpcId,
        cidrBlock: s.cidrBlock,
        ipv6CidrBlockAssociationSet: "",
        availableIpAddressCount: s.availableIpAddressCount,
        availabilityZone: s.availabilityZone,
        availabilityZoneId: zoneId(s.availabilityZone),
        defaultForAz: s.defaultForAz,
        mapPublicIpOnLaunch: s.mapPublicIpOnLaunch,
        mapCustomerOwnedIpOnLaunch: false,
        assignIpv6AddressOnCreation: false,
        enableDns64: false,
        ipv6Native: false,
        privateDnsNameOptionsOnLaunch: { hostnameType: "ip-name", enableResourceNameDnsARecord: false, enableResourceNameDnsAAAARecord: false },
        tagSet: items(tagSet(s.tags)),
      })),
    ),
  };
}

export async function describeAccountAttributesApi(ctx: Ctx, p: Params) {
  const names = list(p, "AttributeName");
  const [vpc] = await describeVpcs({ ctx, input: {} });
  const settings = await getTeamSettings({ ctx, input: {} });
  const all: [string, string[]][] = [
    ["supported-platforms", ["VPC"]],
    ["default-vpc", [vpc?.id ?? "none"]],
    ["max-instances", [String(settings.instanceLimit)]],
    ["vpc-max-security-groups-per-interface", ["5"]],
    ["max-elastic-ips", [String(EIP_LIMIT)]],
    ["vpc-max-elastic-ips", [String(EIP_LIMIT)]],
  ];
  for (const n of names) if (!all.some(([k]) => k === n)) throw new ServiceError("InvalidParameterValue", `Value (${n}) for parameter AttributeName is invalid. Use ${all.map(([k]) => k).join(", ")}.`);
  return {
    accountAttributeSet: items(all.filter(([k]) => !names.length || names.includes(k)).map(([attributeName, values]) => ({ attributeName, attributeValueSet: items(values.map((attributeValue) => ({ attributeValue }))) }))),
  };
}

// ---------- network interfaces ----------

type Eni = { i: InstanceView; d: Ec2Details; tags: Record<string, string> };

const ENI_FILTERS: Accessors<Eni> = {
  "network-interface-id": (e) => e.d.networkInterfaceId,
  "subnet-id": (e) => e.d.subnetId,
  "vpc-id": (e) => e.d.vpcId,
  "availability-zone": (e) => e.i.availabilityZone,
  "attachment.instance-id": (e) => e.i.id,
  "attachment.attachment-id": (e) => `eni-attach-${e.d.networkInterfaceId!.slice(4)}`,
  "attachment.device-index": () => 0,
  "attachment.status": () => "attached",
  "attachment.delete-on-termination": () => true,
  "attachment.instance-owner-id": () => null,
  "group-id": (e) => e.i.groups.map((g) => g.id),
  "group-name": (e) => e.i.groups.map((g) => g.name),
  "private-ip-address": (e) => e.i.privateIp,
  "addresses.private-ip-address": (e) => e.i.privateIp,
  "addresses.primary": () => true,
  "private-dns-name": (e) => e.i.privateDns,
  "association.public-ip": (e) => e.i.publicIp,
  "association.public-dns-name": (e) => e.i.publicDns,
  "mac-address": (e) => macOf(e.d.networkInterfaceId!),
  status: () => "in-use",
  description: () => "",
  "interface-type": () => "interface",
  "requester-managed": () => false,
  "source-dest-check": (e) => e.d.sourceDestCheck,
  "owner-id": () => null,
};

function eniXml(ctx: Ctx, e: Eni) {
  const eni = e.d.networkInterfaceId!;
  const owner = accountIdOf(ctx.team.id);
  const association = e.i.publicIp ? { publicIp: e.i.publicIp, publicDnsName: e.i.publicDns, ipOwnerId: "amazon" } : undefined;
  return {
    networkInterfaceId: eni,
    subnetId: e.d.subnetId ?? undefined,
    vpcId: e.d.vpcId ?? undefined,
    availabilityZone: e.i.availabilityZone,
    description: "",
    ownerId: owner,
    requesterManaged: false,
    status: "in-use",
    macAddress: macOf(eni),
    privateIpAddress: e.i.privateIp ?? undefined,
    privateDnsName: e.i.privateDns || undefined,
    sourceDestCheck: e.d.sourceDestCheck,
    groupSet: items(e.i.groups.map((g) => ({ groupId: g.id, groupName: g.name }))),
    attachment: { attachmentId: `eni-attach-${eni.slice(4)}`, instanceId: e.i.id, instanceOwnerId: owner, deviceIndex: 0, networkCardIndex: 0, status: "attached", attachTime: iso(e.i.launchedAt), deleteOnTermination: true },
    association,
    tagSet: items(tagSet(e.tags)),
    privateIpAddressesSet: items(e.i.privateIp ? [{ privateIpAddress: e.i.privateIp, privateDnsName: e.i.privateDns || undefined, primary: true, association }] : []),
    ipv6AddressesSet: "",
    interfaceType: "interface",
  };
}

/** The primary interfaces of the team's instances that still have one (every state but terminated). */
async function interfaces(ctx: Ctx): Promise<Eni[]> {
  const views: InstanceView[] = [];
  for (let from = 0; ; from += 1000) {
    const r = await listInstances({ ctx, input: { states: ["pending", "running", "stopping", "stopped", "shutting-down"], sort: "launchedAt", dir: "asc", withTotal: false, offset: from, pageSize: 1001 } });
    views.push(...r.items.slice(0, 1000));
    if (r.items.length <= 1000) break;
  }
  const details = await ec2Details(ctx, views.map((v) => v.id));
  const withEni = views.filter((v) => details.get(v.id)?.networkInterfaceId);
  const tags = await tagMap(ctx.db, ctx.team.id, withEni.map((v) => details.get(v.id)!.networkInterfaceId!));
  return withEni.map((i) => {
    const d = details.get(i.id)!;
    return { i, d, tags: tags.get(d.networkInterfaceId!) ?? {} };
  });
}

export async function describeNetworkInterfacesApi(ctx: Ctx, p: Params) {
  const ids = list(p, "NetworkInterfaceId");
  const owner = accountIdOf(ctx.team.id);
  const filters = readFilters(p, Object.keys(ENI_FILTERS));
  const max = int(p, "MaxResults", { min: 5, max: 1000 });
  let all = await interfaces(ctx);
  const known = new Set(all.map((e) => e.d.networkInterfaceId));
  for (const id of ids) if (!known.has(id)) throw new ServiceError("InvalidNetworkInterfaceID.NotFound", `The networkInterface ID '${id}' does not exist`);
  const asked = new Set(ids);
  if (ids.length) all = all.filter((e) => asked.has(e.d.networkInterfaceId!));
  const shown = applyFilters(all, filters, { ...ENI_FILTERS, "owner-id": () => owner, "attachment.instance-owner-id": () => owner }, (e) => e.tags);
  const offset = Number(str(p, "NextToken") ?? 0);
  if (!Number.isInteger(offset) || offset < 0) throw new ServiceError("InvalidParameterValue", "The NextToken is not valid: pass back the token a previous response returned.");
  const page = max === undefined ? shown : shown.slice(offset, offset + max);
  return { networkInterfaceSet: items(page.map((e) => eniXml(ctx, e))), nextToken: max !== undefined && shown.length > offset + max ? String(offset + max) : undefined };
}

/** ModifyNetworkInterfaceAttribute on a primary interface: its groups, or its source/destination check. */
export async function modifyNetworkInterfaceAttributeApi(ctx: Ctx, p: Params) {
  const id = required(p, "NetworkInterfaceId");
  const e = (await interfaces(ctx)).find((x) => x.d.networkInterfaceId === id);
  if (!e) throw new ServiceError("InvalidNetworkInterfaceID.NotFound", `The networkInterface ID '${id}' does not exist`);
  const groups = list(p, "SecurityGroupId");
  const check = str(struct(p, "SourceDestCheck"), "Value");
  if (groups.length && check !== undefined) throw new ServiceError("InvalidParameterCombination", "Change one attribute per call: SecurityGroupId.N or SourceDestCheck.Value.");
  if (groups.length) await modifyInstanceAttribute({ ctx, input: { instanceId: e.i.id, change: { attribute: "groupSet", value: groups } } });
  else if (check !== undefined) await modifyInstanceAttribute({ ctx, input: { instanceId: e.i.id, change: { attribute: "sourceDestCheck", value: check === "true" } } });
  else throw new ServiceError("MissingParameter", "Say what to change: SecurityGroupId.N or SourceDestCheck.Value.");
  return { return: true };
}
