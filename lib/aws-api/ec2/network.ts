// Key pairs, Elastic IPs and tags.
import type { Ctx } from "../../control-plane/context";
import { ServiceError } from "../../errors";
import { accountIdOf } from "../../ids";
import { importKeyPair, createKeyPair, deleteKeyPair, describeKeyPairs } from "../../control-plane/keys/keys";
import { allocateAddress, associateAddress, disassociateAddress, releaseAddress, describeAddresses } from "../../control-plane/addresses/elastic-ips";
import { createTags, deleteTags, listTags } from "../../control-plane/tags/tags";
import { ec2Details } from "../../control-plane/instances/ec2-details";
import { getInstance } from "../../control-plane/instances/list";
import { tagMap, tagSet } from "../../control-plane/tags/resource-tags";
import { REGION } from "../../control-plane/catalog/seed-data";
import { publicDns } from "../../control-plane/addresses/pool";
import { items } from "../xml";
import { bool, int, list, required, str, structs, type Params } from "../query";
import { applyFilters, readFilters, type Accessors } from "./filtering";
import { own, table } from "../../own";
import { tagSpecs } from "./tag-specs";

// ---------- key pairs ----------

export async function importKeyPairApi(ctx: Ctx, p: Params) {
  const material = required(p, "PublicKeyMaterial");
  // The SDKs and the CLI send the key base64-encoded; a raw key is accepted too.
  const decoded = /^[A-Za-z0-9+/=\s]+$/.test(material) && !material.startsWith("ssh-") ? Buffer.from(material, "base64").toString("utf8") : material;
  const tags = tagSpecs(p, ["key-pair"]).get("key-pair") ?? [];
  const k = await importKeyPair({ ctx, input: { name: required(p, "KeyName"), publicKey: decoded, tags } });
  return { keyName: k.name, keyFingerprint: k.fingerprint, keyPairId: k.keyPairId, tagSet: items(tagSet(k.tags)) };
}

export async function createKeyPairApi(ctx: Ctx, p: Params) {
  const type = str(p, "KeyType") ?? "rsa";
  if (type !== "rsa" && type !== "ed25519") throw new ServiceError("InvalidParameterValue", `Value (${type}) for parameter KeyType is invalid: use rsa or ed25519.`);
  const format = str(p, "KeyFormat") ?? "pem";
  if (format !== "pem" && format !== "ppk") throw new ServiceError("InvalidParameterValue", `Value (${format}) for parameter KeyFormat is invalid: use pem or ppk.`);
  const tags = tagSpecs(p, ["key-pair"]).get("key-pair") ?? [];
  const k = await createKeyPair({ ctx, input: { name: required(p, "KeyName"), type, bits: 2048, format, tags } });
  return { keyName: k.name, keyFingerprint: k.fingerprint, keyMaterial: k.privateKey, keyPairId: k.keyPairId, tagSet: items(tagSet(k.tags)) };
}

export async function deleteKeyPairApi(ctx: Ctx, p: Params) {
  const name = str(p, "KeyName");
  const id = str(p, "KeyPairId");
  if (!name && !id) throw new ServiceError("MissingParameter", "The request must contain the parameter KeyName or KeyPairId");
  const r = await deleteKeyPair({ ctx, input: { name, keyPairId: id } });
  return { return: true, keyPairId: r.keyPairId ?? undefined };
}

type KeyRow = Awaited<ReturnType<typeof describeKeyPairs>>[number];
const KEY_FILTERS: Accessors<KeyRow> = {
  "key-name": (k) => k.name,
  "key-pair-id": (k) => k.keyPairId,
  fingerprint: (k) => k.fingerprint,
  "key-type": (k) => k.type,
};

export async function describeKeyPairsApi(ctx: Ctx, p: Params) {
  const filters = readFilters(p, Object.keys(KEY_FILTERS));
  const withPublic = bool(p, "IncludePublicKey") ?? false;
  const keys = applyFilters(await describeKeyPairs({ ctx, input: { names: list(p, "KeyName"), keyPairIds: list(p, "KeyPairId") } }), filters, KEY_FILTERS, (k) => k.tags);
  return {
    keySet: items(
      keys.map((k) => ({
        keyPairId: k.keyPairId,
        keyName: k.name,
        keyFingerprint: k.fingerprint,
        keyType: k.type,
        createTime: k.createdAt,
        publicKey: withPublic ? `${k.publicKey} ${k.name}` : undefined,
        tagSet: items(tagSet(k.tags)),
      })),
    ),
  };
}

// ---------- Elastic IPs ----------

export async function allocateAddressApi(ctx: Ctx, p: Params) {
  const domain = str(p, "Domain");
  // EC2-Classic is gone: every address is a VPC address ("standard" is accepted and gets one).
  if (domain && domain !== "standard" && domain !== "vpc") throw new ServiceError("InvalidParameterValue", `Value (${domain}) for parameter Domain is invalid: use vpc.`);
  if (str(p, "Address")) throw new ServiceError("UnsupportedOperation", "Address: recovering a released address is not supported; allocate a new one.");
  const pool = str(p, "PublicIpv4Pool");
  if (pool && pool !== "amazon") throw new ServiceError("InvalidParameterValue", `Value (${pool}) for parameter PublicIpv4Pool is invalid: addresses come from Stratus's pool ("amazon").`);
  const tags = tagSpecs(p, ["elastic-ip"]).get("elastic-ip") ?? [];
  const a = await allocateAddress({ ctx, input: { tags } });
  return { publicIp: a.publicIp, domain: "vpc", allocationId: a.allocationId, publicIpv4Pool: "amazon", networkBorderGroup: REGION };
}

export async function associateAddressApi(ctx: Ctx, p: Params) {
  let instanceId = str(p, "InstanceId");
  const eni = str(p, "NetworkInterfaceId");
  if (instanceId && eni) throw new ServiceError("InvalidParameterCombination", "Give InstanceId or NetworkInterfaceId, not both.");
  if (eni) {
    // A primary interface stands for its instance.
    const owner = (await ctx.db.instance.findFirst({ where: { teamId: ctx.team.id, networkInterfaceId: eni, state: { not: "terminated" } }, select: { id: true } }))?.id;
    if (!owner) throw new ServiceError("InvalidNetworkInterfaceID.NotFound", `The networkInterface ID '${eni}' does not exist`);
    instanceId = owner;
  }
  if (!instanceId) throw new ServiceError("MissingParameter", "The request must contain the parameter InstanceId or NetworkInterfaceId");
  const privateIp = str(p, "PrivateIpAddress");
  if (privateIp) {
    const inst = await getInstance({ ctx, input: { instanceId } });
    if (inst.privateIp !== privateIp) throw new ServiceError("InvalidParameterValue", `Value (${privateIp}) for parameter PrivateIpAddress is invalid: ${instanceId}'s address is ${inst.privateIp ?? "none"} (an instance here has one).`);
  }
  const a = await associateAddress({ ctx, input: { allocationId: str(p, "AllocationId"), publicIp: str(p, "PublicIp"), instanceId, allowReassociation: bool(p, "AllowReassociation") ?? false } });
  return { return: true, associationId: a.associationId ?? undefined };
}

export async function disassociateAddressApi(ctx: Ctx, p: Params) {
  await disassociateAddress({ ctx, input: { associationId: str(p, "AssociationId"), publicIp: str(p, "PublicIp") } });
  return { return: true };
}

export async function releaseAddressApi(ctx: Ctx, p: Params) {
  await releaseAddress({ ctx, input: { allocationId: str(p, "AllocationId"), publicIp: str(p, "PublicIp") } });
  return { return: true };
}

type AddressRow = Awaited<ReturnType<typeof describeAddresses>>[number] & { eni?: string | null; privateIp?: string | null; tags: Record<string, string> };
const ADDRESS_FILTERS: Accessors<AddressRow> = {
  "allocation-id": (a) => a.allocationId,
  "public-ip": (a) => a.publicIp,
  "instance-id": (a) => a.instanceId,
  "association-id": (a) => a.associationId,
  domain: () => "vpc",
  "network-interface-id": (a) => a.eni,
  "network-interface-owner-id": () => null,
  "private-ip-address": (a) => a.privateIp,
  "public-ipv4-pool": () => "amazon",
  "network-border-group": () => REGION,
};

export async function describeAddressesApi(ctx: Ctx, p: Params) {
  const owner = accountIdOf(ctx.team.id);
  const filters = readFilters(p, Object.keys(ADDRESS_FILTERS));
  const addrs = await describeAddresses({ ctx, input: { allocationIds: list(p, "AllocationId"), publicIps: list(p, "PublicIp") } });
  const attached = addrs.flatMap((a) => (a.instanceId ? [a.instanceId] : []));
  const [details, tags, insts] = await Promise.all([
    ec2Details(ctx, attached),
    tagMap(ctx.db, ctx.team.id, addrs.map((a) => a.allocationId)),
    ctx.db.instance.findMany({ where: { teamId: ctx.team.id, id: { in: attached } }, select: { id: true, privateIp: true } }),
  ]);
  const privateOf = new Map(insts.map((i) => [i.id, i.privateIp]));
  const rows: AddressRow[] = addrs.map((a) => ({ ...a, eni: a.instanceId ? details.get(a.instanceId)?.networkInterfaceId : null, privateIp: a.instanceId ? privateOf.get(a.instanceId) : null, tags: tags.get(a.allocationId) ?? {} }));
  const shown = applyFilters(rows, filters, { ...ADDRESS_FILTERS, "network-interface-owner-id": (a) => (a.instanceId ? owner : null) }, (a) => a.tags);
  return {
    addressesSet: items(
      shown.map((a) => ({
        publicIp: a.publicIp,
        allocationId: a.allocationId,
        domain: "vpc",
        instanceId: a.instanceId ?? undefined,
        associationId: a.associationId ?? undefined,
        networkInterfaceId: a.eni ?? undefined,
        networkInterfaceOwnerId: a.instanceId ? owner : undefined,
        privateIpAddress: a.privateIp ?? undefined,
        publicIpv4Pool: "amazon",
        networkBorderGroup: REGION,
        tagSet: items(tagSet(a.tags)),
      })),
    ),
  };
}

/** DescribeAddressesAttribute domain-name: each address's reverse DNS name (its public DNS name, as EC2 sets it by default). */
export async function describeAddressesAttributeApi(ctx: Ctx, p: Params) {
  const attribute = str(p, "Attribute") ?? "domain-name";
  if (attribute !== "domain-name") throw new ServiceError("InvalidParameterValue", `Value (${attribute}) for parameter Attribute is invalid: use domain-name.`);
  const max = int(p, "MaxResults", { min: 1, max: 1000 });
  const addrs = await describeAddresses({ ctx, input: { allocationIds: list(p, "AllocationId") } });
  const offset = Number(str(p, "NextToken") ?? 0);
  if (!Number.isInteger(offset) || offset < 0) throw new ServiceError("InvalidParameterValue", "The NextToken is not valid: pass back the token a previous response returned.");
  const page = max === undefined ? addrs : addrs.slice(offset, offset + max);
  return {
    addressSet: items(page.map((a) => ({ publicIp: a.publicIp, allocationId: a.allocationId, ptrRecord: `${publicDns(a.publicIp)}.` }))),
    nextToken: max !== undefined && addrs.length > offset + max ? String(offset + max) : undefined,
  };
}

// ---------- tags ----------

function tagList(p: Params, requireValue: boolean) {
  // DeleteTags: a Value given (even empty) deletes the tag only when it has that value.
  return structs(p, "Tag").map((t) => ({ key: required(t, "Key"), value: requireValue ? (str(t, "Value") ?? "") : typeof t.Value === "string" ? t.Value : undefined }));
}

export async function createTagsApi(ctx: Ctx, p: Params) {
  await createTags({ ctx, input: { resourceIds: list(p, "ResourceId"), tags: tagList(p, true) as { key: string; value: string }[] } });
  return { return: true };
}

export async function deleteTagsApi(ctx: Ctx, p: Params) {
  await deleteTags({ ctx, input: { resourceIds: list(p, "ResourceId"), tags: tagList(p, false) } });
  return { return: true };
}

const RESOURCE_TYPE = table({ i: "instance", ami: "image", sg: "security-group", key: "key-pair", eipalloc: "elastic-ip", vol: "volume", vpc: "vpc", subnet: "subnet", eni: "network-interface" });
export const resourceTypeOf = (id: string) => own(RESOURCE_TYPE, id.slice(0, id.lastIndexOf("-"))) ?? "unknown";

type TagRow = { resourceId: string; key: string; value: string };
const TAG_FILTERS: Accessors<TagRow> = {
  "resource-id": (t) => t.resourceId,
  "resource-type": (t) => resourceTypeOf(t.resourceId),
  key: (t) => t.key,
  value: (t) => t.value,
};

export async function describeTagsApi(ctx: Ctx, p: Params) {
  const filters = readFilters(p, Object.keys(TAG_FILTERS), { tags: false });
  const max = int(p, "MaxResults", { min: 5, max: 1000 });
  const exact = (name: string) => {
    const fs = filters.filter((f) => f.name === name);
    return fs.length === 1 && fs[0].exact ? fs[0].exact : [];
  };
  const tags = applyFilters(await listTags({ ctx, input: { resourceIds: exact("resource-id"), keys: exact("key") } }), filters, TAG_FILTERS);
  const offset = Number(str(p, "NextToken") ?? 0);
  if (!Number.isInteger(offset) || offset < 0) throw new ServiceError("InvalidParameterValue", "The NextToken is not valid: pass back the token a previous response returned.");
  const page = max === undefined ? tags : tags.slice(offset, offset + max);
  return {
    tagSet: items(page.map((t) => ({ resourceId: t.resourceId, resourceType: resourceTypeOf(t.resourceId), key: t.key, value: t.value }))),
    nextToken: max !== undefined && tags.length > offset + max ? String(offset + max) : undefined,
  };
}
