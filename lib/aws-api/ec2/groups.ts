// Security groups over the service verbs: Create/Delete/DescribeSecurityGroups,
// Authorize/Revoke ingress (the IpPermissions form and the 2008 top-level form)
// and egress, DescribeSecurityGroupRules.
import type { Ctx } from "../../control-plane/context";
import { ServiceError } from "../../errors";
import { accountIdOf } from "../../ids";
import { describeSecurityGroups, createSecurityGroup, deleteSecurityGroup, authorizeIngress, revokeIngress, type RuleForm, type SecurityGroupView } from "../../control-plane/groups/groups";
import { authorizeEgress, revokeEgress } from "../../control-plane/groups/egress";
import { describeSecurityGroupRules, type SecurityGroupRuleView } from "../../control-plane/groups/rules-list";
import { tagSet } from "../../control-plane/tags/resource-tags";
import { REGION } from "../../control-plane/catalog/seed-data";
import { items } from "../xml";
import { int, list, required, str, structs, type Params } from "../query";
import { applyFilters, readFilters, type Accessors } from "./filtering";
import { tagSpecs } from "./tag-specs";

/** IpPermissions.N (or the legacy top-level form) as Stratus rules. */
export function rulesFrom(p: Params, opts: { legacy: boolean } = { legacy: true }): RuleForm[] {
  const perms = structs(p, "IpPermissions");
  const out: RuleForm[] = [];
  const proto = (v: string | undefined) => (v === "-1" ? "all" : v);
  perms.forEach((perm, n) => {
    const base = { protocol: proto(required(perm, "IpProtocol"))!, fromPort: str(perm, "FromPort"), toPort: str(perm, "ToPort") };
    const ranges = structs(perm, "IpRanges");
    const v6 = structs(perm, "Ipv6Ranges");
    const groups = structs(perm, "Groups");
    if (structs(perm, "PrefixListIds").length) throw new ServiceError("UnsupportedOperation", `IpPermissions.${n + 1}.PrefixListIds: Stratus has no managed prefix lists; use CIDRs or groups.`);
    for (const r of ranges) out.push({ ...base, cidr: required(r, "CidrIp"), description: str(r, "Description") });
    for (const r of v6) out.push({ ...base, cidr: required(r, "CidrIpv6"), description: str(r, "Description") });
    for (const gr of groups) out.push({ ...base, sourceGroup: str(gr, "GroupId") ?? required(gr, "GroupName"), description: str(gr, "Description") });
    if (!ranges.length && !v6.length && !groups.length) throw new ServiceError("MissingParameter", `IpPermissions.${n + 1} needs a peer: IpRanges, Ipv6Ranges or Groups.`);
  });
  const legacyProtocol = str(p, "IpProtocol");
  if (opts.legacy && (legacyProtocol !== undefined || str(p, "CidrIp") !== undefined || str(p, "SourceSecurityGroupName") !== undefined)) {
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
  return out;
}

const groupRef = (p: Params) => ({ groupId: str(p, "GroupId"), groupName: str(p, "GroupName") });

type Perm = SecurityGroupView["rules"][number];

/** Rules of the same protocol and ports as one IpPermission, as EC2 lists them. */
function permissionsXml(rules: Perm[], owner: string) {
  const perms = new Map<string, Perm[]>();
  for (const r of rules) {
    const k = `${r.protocol}|${r.fromPort}|${r.toPort}`;
    (perms.get(k) ?? perms.set(k, []).get(k)!).push(r);
  }
  return items(
    [...perms.values()].map((rs) => {
      const r = rs[0];
      return {
        ipProtocol: r.protocol === "all" ? "-1" : r.protocol,
        fromPort: r.protocol === "all" ? undefined : r.fromPort,
        toPort: r.protocol === "all" ? undefined : r.toPort,
        groups: items(rs.filter((x) => x.sourceGroupId).map((x) => ({ userId: owner, groupId: x.sourceGroupId, groupName: x.sourceGroupName ?? undefined, description: x.description || undefined }))),
        ipRanges: items(rs.filter((x) => x.cidr && !x.cidr.includes(":")).map((x) => ({ cidrIp: x.cidr, description: x.description || undefined }))),
        ipv6Ranges: items(rs.filter((x) => x.cidr?.includes(":")).map((x) => ({ cidrIpv6: x.cidr, description: x.description || undefined }))),
        prefixListIds: "",
      };
    }),
  );
}

const proto = (r: Perm) => (r.protocol === "all" ? "-1" : r.protocol);
const ports = (rs: Perm[], f: (r: Perm) => number) => rs.filter((r) => r.protocol !== "all").map(f);

const GROUP_FILTERS: Accessors<SecurityGroupView> = {
  "group-id": (g) => g.id,
  "group-name": (g) => g.name,
  description: (g) => g.description,
  "vpc-id": (g) => g.vpcId,
  "owner-id": () => null,
  "ip-permission.protocol": (g) => g.rules.map(proto),
  "ip-permission.from-port": (g) => ports(g.rules, (r) => r.fromPort),
  "ip-permission.to-port": (g) => ports(g.rules, (r) => r.toPort),
  "ip-permission.cidr": (g) => g.rules.filter((r) => r.cidr && !r.cidr.includes(":")).map((r) => r.cidr),
  "ip-permission.ipv6-cidr": (g) => g.rules.filter((r) => r.cidr?.includes(":")).map((r) => r.cidr),
  "ip-permission.group-id": (g) => g.rules.map((r) => r.sourceGroupId),
  "ip-permission.group-name": (g) => g.rules.map((r) => r.sourceGroupName),
  "egress.ip-permission.protocol": (g) => g.egress.map(proto),
  "egress.ip-permission.from-port": (g) => ports(g.egress, (r) => r.fromPort),
  "egress.ip-permission.to-port": (g) => ports(g.egress, (r) => r.toPort),
  "egress.ip-permission.cidr": (g) => g.egress.filter((r) => r.cidr && !r.cidr.includes(":")).map((r) => r.cidr),
  "egress.ip-permission.ipv6-cidr": (g) => g.egress.filter((r) => r.cidr?.includes(":")).map((r) => r.cidr),
  "egress.ip-permission.group-id": (g) => g.egress.map((r) => r.sourceGroupId),
  "egress.ip-permission.group-name": (g) => g.egress.map((r) => r.destGroupName),
};

export async function describeSecurityGroupsApi(ctx: Ctx, p: Params) {
  const owner = accountIdOf(ctx.team.id);
  const filters = readFilters(p, Object.keys(GROUP_FILTERS));
  const max = int(p, "MaxResults", { min: 5, max: 1000 });
  const groupIds = list(p, "GroupId");
  const groupNames = list(p, "GroupName");
  if (max !== undefined && (groupIds.length || groupNames.length)) throw new ServiceError("InvalidParameterCombination", "MaxResults can't be used with GroupId or GroupName.");
  const groups = applyFilters(await describeSecurityGroups({ ctx, input: { groupIds, groupNames } }), filters, { ...GROUP_FILTERS, "owner-id": () => owner }, (g) => g.tags);
  const offset = Number(str(p, "NextToken") ?? 0);
  if (!Number.isInteger(offset) || offset < 0) throw new ServiceError("InvalidParameterValue", "The NextToken is not valid: pass back the token a previous response returned.");
  const page = max === undefined ? groups : groups.slice(offset, offset + max);
  return {
    securityGroupInfo: items(
      page.map((g) => ({
        ownerId: owner,
        groupId: g.id,
        groupName: g.name,
        groupDescription: g.description,
        vpcId: g.vpcId,
        securityGroupArn: `arn:aws:ec2:${REGION}:${owner}:security-group/${g.id}`,
        ipPermissions: permissionsXml(g.rules, owner),
        ipPermissionsEgress: permissionsXml(g.egress.map((r) => ({ ...r, sourceGroupName: r.destGroupName })), owner),
        tagSet: items(tagSet(g.tags)),
      })),
    ),
    nextToken: max !== undefined && groups.length > offset + max ? String(offset + max) : undefined,
  };
}

export async function createSecurityGroupApi(ctx: Ctx, p: Params) {
  const tags = tagSpecs(p, ["security-group"]).get("security-group") ?? [];
  const r = await createSecurityGroup({ ctx, input: { name: required(p, "GroupName"), description: required(p, "GroupDescription"), vpcId: str(p, "VpcId"), tags } });
  const owner = accountIdOf(ctx.team.id);
  return { return: true, groupId: r.groupId, tagSet: items(tags.map((t) => ({ key: t.key, value: t.value }))), securityGroupArn: `arn:aws:ec2:${REGION}:${owner}:security-group/${r.groupId}` };
}

export async function deleteSecurityGroupApi(ctx: Ctx, p: Params) {
  const r = await deleteSecurityGroup({ ctx, input: groupRef(p) });
  return { return: true, groupId: r.groupId };
}

/** The rules just added, as EC2 echoes them. */
async function ruleSet(ctx: Ctx, ids: string[]) {
  if (!ids.length) return "";
  // In the order the request gave them, as EC2 answers (rules made together share a creation time).
  const byId = new Map((await describeSecurityGroupRules({ ctx, input: { ruleIds: ids } })).map((r) => [r.id, r]));
  return items(ids.flatMap((id) => (byId.has(id) ? [ruleXml(ctx, byId.get(id)!)] : [])));
}

export async function authorizeIngressApi(ctx: Ctx, p: Params) {
  const rules = rulesFrom(p);
  if (!rules.length) throw new ServiceError("MissingParameter", "No rules given: use IpPermissions.N, or IpProtocol with FromPort, ToPort and CidrIp.");
  const r = await authorizeIngress({ ctx, input: { ...groupRef(p), rules } });
  return { return: true, securityGroupRuleSet: await ruleSet(ctx, r.ruleIds) };
}

export async function revokeIngressApi(ctx: Ctx, p: Params) {
  const ruleIds = list(p, "SecurityGroupRuleId");
  const rules = rulesFrom(p);
  if (!rules.length && !ruleIds.length) throw new ServiceError("MissingParameter", "No rules given: use IpPermissions.N, SecurityGroupRuleId.N, or IpProtocol with FromPort, ToPort and CidrIp.");
  const r = await revokeIngress({ ctx, input: { ...groupRef(p), rules, ruleIds } });
  return { return: true, revokedSecurityGroupRuleSet: items(r.ruleIds.map((id) => ({ securityGroupRuleId: id, groupId: r.groupId, isEgress: false }))) };
}

const toEgress = (rules: RuleForm[]) => rules.map(({ sourceGroup, ...r }) => ({ ...r, destGroup: sourceGroup }));

export async function authorizeEgressApi(ctx: Ctx, p: Params) {
  const rules = rulesFrom(p, { legacy: false });
  if (!rules.length) throw new ServiceError("MissingParameter", "No rules given: use IpPermissions.N.");
  const r = await authorizeEgress({ ctx, input: { groupId: required(p, "GroupId"), rules: toEgress(rules) } });
  return { return: true, securityGroupRuleSet: await ruleSet(ctx, r.ruleIds) };
}

export async function revokeEgressApi(ctx: Ctx, p: Params) {
  const ruleIds = list(p, "SecurityGroupRuleId");
  const rules = rulesFrom(p, { legacy: false });
  if (!rules.length && !ruleIds.length) throw new ServiceError("MissingParameter", "No rules given: use IpPermissions.N or SecurityGroupRuleId.N.");
  const r = await revokeEgress({ ctx, input: { groupId: required(p, "GroupId"), rules: toEgress(rules), ruleIds } });
  return { return: true, revokedSecurityGroupRuleSet: items(r.ruleIds.map((id) => ({ securityGroupRuleId: id, groupId: r.groupId, isEgress: true }))) };
}

function ruleXml(ctx: Ctx, r: SecurityGroupRuleView) {
  const owner = accountIdOf(ctx.team.id);
  return {
    securityGroupRuleId: r.id,
    groupId: r.groupId,
    groupOwnerId: owner,
    isEgress: r.isEgress,
    ipProtocol: r.protocol === "all" ? "-1" : r.protocol,
    fromPort: r.protocol === "all" ? -1 : r.fromPort,
    toPort: r.protocol === "all" ? -1 : r.toPort,
    cidrIpv4: r.cidr && !r.cidr.includes(":") ? r.cidr : undefined,
    cidrIpv6: r.cidr?.includes(":") ? r.cidr : undefined,
    referencedGroupInfo: r.peerGroupId ? { groupId: r.peerGroupId, userId: owner } : undefined,
    description: r.description || undefined,
    tagSet: "",
    securityGroupRuleArn: `arn:aws:ec2:${REGION}:${owner}:security-group-rule/${r.id}`,
  };
}

const RULE_FILTERS: Accessors<SecurityGroupRuleView> = {
  "group-id": (r) => r.groupId,
  "security-group-rule-id": (r) => r.id,
  "is-egress": (r) => r.isEgress,
};

export async function describeSecurityGroupRulesApi(ctx: Ctx, p: Params) {
  const filters = readFilters(p, Object.keys(RULE_FILTERS), { tags: true });
  const max = int(p, "MaxResults", { min: 5, max: 1000 });
  const ids = list(p, "SecurityGroupRuleId");
  const shown = applyFilters(await describeSecurityGroupRules({ ctx, input: { ruleIds: ids } }), filters, RULE_FILTERS, () => ({}));
  const offset = Number(str(p, "NextToken") ?? 0);
  if (!Number.isInteger(offset) || offset < 0) throw new ServiceError("InvalidParameterValue", "The NextToken is not valid: pass back the token a previous response returned.");
  const page = max === undefined ? shown : shown.slice(offset, offset + max);
  return { securityGroupRuleSet: items(page.map((r) => ruleXml(ctx, r))), nextToken: max !== undefined && shown.length > offset + max ? String(offset + max) : undefined };
}
