// Security groups, key pairs, Elastic IPs and tags.
import type { Ctx } from "../../control-plane/context";
import { ServiceError } from "../../errors";
import { accountIdOf } from "../../ids";
import { describeSecurityGroups, createSecurityGroup, deleteSecurityGroup, authorizeIngress, revokeIngress, type RuleForm } from "../../control-plane/groups/groups";
import { importKeyPair, createKeyPair, deleteKeyPair, describeKeyPairs } from "../../control-plane/keys/keys";
import { allocateAddress, associateAddress, disassociateAddress, releaseAddress, describeAddresses } from "../../control-plane/addresses/elastic-ips";
import { createTags, deleteTags, listTags } from "../../control-plane/tags/tags";
import { items } from "../xml";
import { table } from "../../own";
import { anyWildcard, wildcard } from "../../filters/wildcard";
import { bool, filters, int, list, required, str, structs, type Params } from "../query";

// ---------- security groups ----------

/** IpPermissions.N (or the legacy top-level form) as Stratus rules. */
function rulesFrom(p: Params): RuleForm[] {
  const perms = structs(p, "IpPermissions");
  const out: RuleForm[] = [];
  const proto = (v: string | undefined) => (v === "-1" ? "all" : v);
  for (const perm of perms) {
    const base = { protocol: proto(required(perm, "IpProtocol"))!, fromPort: str(perm, "FromPort"), toPort: str(perm, "ToPort") };
    const ranges = structs(perm, "IpRanges");
    const v6 = structs(perm, "Ipv6Ranges");
    const groups = structs(perm, "Groups");
    for (const r of ranges) out.push({ ...base, cidr: required(r, "CidrIp"), description: str(r, "Description") });
    for (const r of v6) out.push({ ...base, cidr: required(r, "CidrIpv6"), description: str(r, "Description") });
    for (const gr of groups) out.push({ ...base, sourceGroup: str(gr, "GroupId") ?? required(gr, "GroupName"), description: str(gr, "Description") });
    if (!ranges.length && !v6.length && !groups.length) throw new ServiceError("MissingParameter", "Each IpPermissions entry needs a source: IpRanges, Ipv6Ranges or Groups.");
  }
  const legacyProtocol = str(p, "IpProtocol");
  if (legacyProtocol !== undefined || str(p, "CidrIp") !== undefined || str(p, "SourceSecurityGroupName") !== undefined) {
    if (perms.length) throw new ServiceError("InvalidParameterCombination", "Use either IpPermissions or the top-level IpProtocol/FromPort/ToPort/CidrIp form, not both.");
    const source = str(p, "SourceSecurityGroupName");
    const cidr = str(p, "CidrIp");
    const base = { protocol: proto(legacyProtocol) ?? "all", fromPort: str(p, "FromPort"), toPort: str(p, "ToPort") };
    if (source && !legacyProtocol) {
      // The 2008 form: a whole group authorized for tcp, udp and icmp.
      out.push({ ...base, protocol: "tcp", fromPort: "0", toPort: "65535", sourceGroup: source }, { ...base, protocol: "udp", fromPort: "0", toPort: "65535", sourceGroup: source }, { ...base, protocol: "icmp", fromPort: "-1", toPort: "-1", sourceGroup: source });
    } else if (source) out.push({ ...base, sourceGroup: source });
    else out.push({ ...base, cidr: cidr ?? "0.0.0.0/0" });
  }
  if (!out.length) throw new ServiceError("MissingParameter", "No rules given: use IpPermissions.N, or IpProtocol with FromPort, ToPort and CidrIp.");
  return out;
}

const groupRef = (p: Params) => ({ groupId: str(p, "GroupId"), groupName: str(p, "GroupName") });

export async function describeSecurityGroupsApi(ctx: Ctx, p: Params) {
  const f = filters(p, ["group-id", "group-name", "description"]);
  let groups = await describeSecurityGroups({ ctx, input: { groupIds: list(p, "GroupId"), groupNames: list(p, "GroupName") } });
  for (const [name, values] of f) {
    const match = anyWildcard(values);
    if (name === "group-id") groups = groups.filter((g) => match(g.id));
    if (name === "group-name") groups = groups.filter((g) => match(g.name));
    if (name === "description") groups = groups.filter((g) => match(g.description));
  }
  const owner = accountIdOf(ctx.team.id);
  return {
    securityGroupInfo: items(
      groups.map((g) => {
        const perms = new Map<string, typeof g.rules>();
        for (const r of g.rules) {
          const k = `${r.protocol}|${r.fromPort}|${r.toPort}`;
          (perms.get(k) ?? perms.set(k, []).get(k)!).push(r);
        }
        return {
          ownerId: owner,
          groupId: g.id,
          groupName: g.name,
          groupDescription: g.description,
          ipPermissions: items(
            [...perms.values()].map((rs) => {
              const r = rs[0];
              return {
                ipProtocol: r.protocol === "all" ? "-1" : r.protocol,
                fromPort: r.protocol === "all" ? undefined : r.fromPort,
                toPort: r.protocol === "all" ? undefined : r.toPort,
                groups: items(rs.filter((x) => x.sourceGroupId).map((x) => ({ userId: owner, groupId: x.sourceGroupId, groupName: x.sourceGroupName, description: x.description || undefined }))),
                ipRanges: items(rs.filter((x) => x.cidr && !x.cidr.includes(":")).map((x) => ({ cidrIp: x.cidr, description: x.description || undefined }))),
                ipv6Ranges: items(rs.filter((x) => x.cidr?.includes(":")).map((x) => ({ cidrIpv6: x.cidr, description: x.description || undefined }))),
                prefixListIds: "",
              };
            }),
          ),
          ipPermissionsEgress: items([{ ipProtocol: "-1", groups: "", ipRanges: items([{ cidrIp: "0.0.0.0/0" }]), ipv6Ranges: "", prefixListIds: "" }]),
          tagSet: "",
        };
      }),
    ),
  };
}

export async function createSecurityGroupApi(ctx: Ctx, p: Params) {
  const r = await createSecurityGroup({ ctx, input: { name: required(p, "GroupName"), description: required(p, "GroupDescription") } });
  return { return: true, groupId: r.groupId };
}

export async function deleteSecurityGroupApi(ctx: Ctx, p: Params) {
  const r = await deleteSecurityGroup({ ctx, input: groupRef(p) });
  return { return: true, groupId: r.groupId };
}

export async function authorizeIngressApi(ctx: Ctx, p: Params) {
  const r = await authorizeIngress({ ctx, input: { ...groupRef(p), rules: rulesFrom(p) } });
  return { return: true, securityGroupRuleSet: items(r.ruleIds.map((id) => ({ securityGroupRuleId: id, groupId: r.groupId, isEgress: false }))) };
}

export async function revokeIngressApi(ctx: Ctx, p: Params) {
  await revokeIngress({ ctx, input: { ...groupRef(p), rules: rulesFrom(p) } });
  return { return: true };
}

// ---------- key pairs ----------

export async function importKeyPairApi(ctx: Ctx, p: Params) {
  const material = required(p, "PublicKeyMaterial");
  // The SDKs and the CLI send the key base64-encoded; a raw key is accepted too.
  const decoded = /^[A-Za-z0-9+/=\s]+$/.test(material) && !material.startsWith("ssh-") ? Buffer.from(material, "base64").toString("utf8") : material;
  const k = await importKeyPair({ ctx, input: { name: required(p, "KeyName"), publicKey: decoded } });
  return { keyName: k.name, keyFingerprint: k.fingerprintMd5, keyPairId: k.keyPairId };
}

export async function createKeyPairApi(ctx: Ctx, p: Params) {
  const type = str(p, "KeyType") ?? "rsa";
  if (type !== "rsa" && type !== "ed25519") throw new ServiceError("InvalidParameterValue", `Invalid KeyType '${type}': use rsa or ed25519.`);
  const format = str(p, "KeyFormat") ?? "pem";
  if (format !== "pem") throw new ServiceError("InvalidParameterValue", "Only the pem key format is supported (OpenSSH).");
  const k = await createKeyPair({ ctx, input: { name: required(p, "KeyName"), type, bits: 2048 } });
  return { keyName: k.name, keyFingerprint: k.fingerprintSha256, keyMaterial: k.privateKey, keyPairId: k.keyPairId };
}

export async function deleteKeyPairApi(ctx: Ctx, p: Params) {
  const name = str(p, "KeyName");
  const id = str(p, "KeyPairId");
  if (!name && !id) throw new ServiceError("MissingParameter", "The request must contain the parameter KeyName or KeyPairId");
  await deleteKeyPair({ ctx, input: { name, keyPairId: id } });
  return { return: true };
}

export async function describeKeyPairsApi(ctx: Ctx, p: Params) {
  const f = filters(p, ["key-name", "key-pair-id", "fingerprint"]);
  const withPublic = bool(p, "IncludePublicKey") ?? false;
  let keys = await describeKeyPairs({ ctx, input: { names: list(p, "KeyName"), keyPairIds: list(p, "KeyPairId") } });
  for (const [name, values] of f) {
    const match = anyWildcard(values);
    keys = keys.filter((k) => match(name === "key-name" ? k.name : name === "key-pair-id" ? k.keyPairId : k.fingerprintMd5));
  }
  return {
    keySet: items(keys.map((k) => ({ keyPairId: k.keyPairId, keyName: k.name, keyFingerprint: k.fingerprintMd5, keyType: k.type === "ed25519" ? "ed25519" : "rsa", createTime: k.createdAt, publicKey: withPublic ? k.publicKey : undefined, tagSet: "" }))),
  };
}

// ---------- Elastic IPs ----------

export async function allocateAddressApi(ctx: Ctx, p: Params) {
  const domain = str(p, "Domain");
  if (domain && domain !== "standard" && domain !== "vpc") throw new ServiceError("InvalidParameterValue", `Invalid Domain '${domain}'.`);
  const a = await allocateAddress({ ctx, input: {} });
  return { publicIp: a.publicIp, domain: "standard", allocationId: a.allocationId };
}

export async function associateAddressApi(ctx: Ctx, p: Params) {
  const a = await associateAddress({ ctx, input: { allocationId: str(p, "AllocationId"), publicIp: str(p, "PublicIp"), instanceId: required(p, "InstanceId") } });
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

export async function describeAddressesApi(ctx: Ctx, p: Params) {
  const f = filters(p, ["allocation-id", "public-ip", "instance-id", "association-id", "domain"]);
  let addrs = await describeAddresses({ ctx, input: { allocationIds: list(p, "AllocationId"), publicIps: list(p, "PublicIp") } });
  for (const [name, values] of f) {
    const match = anyWildcard(values);
    addrs = addrs.filter((a) => match(String(name === "allocation-id" ? a.allocationId : name === "public-ip" ? a.publicIp : name === "instance-id" ? a.instanceId : name === "association-id" ? a.associationId : a.domain)));
  }
  return { addressesSet: items(addrs.map((a) => ({ publicIp: a.publicIp, allocationId: a.allocationId, domain: "standard", instanceId: a.instanceId ?? undefined, associationId: a.associationId ?? undefined, tagSet: "" }))) };
}

// ---------- tags ----------

function tagList(p: Params, requireValue: boolean) {
  return structs(p, "Tag").map((t) => ({ key: required(t, "Key"), value: requireValue ? (str(t, "Value") ?? "") : str(t, "Value") }));
}

export async function createTagsApi(ctx: Ctx, p: Params) {
  await createTags({ ctx, input: { resourceIds: list(p, "ResourceId"), tags: tagList(p, true) as { key: string; value: string }[] } });
  return { return: true };
}

export async function deleteTagsApi(ctx: Ctx, p: Params) {
  await deleteTags({ ctx, input: { resourceIds: list(p, "ResourceId"), tags: tagList(p, false) } });
  return { return: true };
}

const RESOURCE_TYPE = table({ i: "instance", ami: "image", sg: "security-group", key: "key-pair" });

export async function describeTagsApi(ctx: Ctx, p: Params) {
  const f = filters(p, ["resource-id", "resource-type", "key", "value"]);
  const max = int(p, "MaxResults", { min: 5, max: 1000 });
  // Exact values narrow the query; any wildcard (* ? \) is matched here, in linear time.
  const exact = (name: string) => (f.get(name)?.every((v) => wildcard(v).exact !== null) ? f.get(name)!.map((v) => wildcard(v).exact!) : []);
  let tags = await listTags({ ctx, input: { resourceIds: exact("resource-id"), keys: exact("key") } });
  const typeOf = (id: string) => RESOURCE_TYPE[id.slice(0, id.lastIndexOf("-"))] ?? "unknown";
  for (const [name, field] of [["resource-id", "resourceId"], ["key", "key"], ["value", "value"]] as const)
    if (f.has(name)) {
      const match = anyWildcard(f.get(name)!);
      tags = tags.filter((t) => match(t[field]));
    }
  if (f.has("resource-type")) tags = tags.filter((t) => f.get("resource-type")!.includes(typeOf(t.resourceId)));
  if (max) tags = tags.slice(0, max);
  return { tagSet: items(tags.map((t) => ({ resourceId: t.resourceId, resourceType: typeOf(t.resourceId), key: t.key, value: t.value }))) };
}
