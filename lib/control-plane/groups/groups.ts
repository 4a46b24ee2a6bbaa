// Security groups: named access lists that instances join at launch. Rules
// changes reach running instances at once (the firewall sync tells providers).
import { z } from "zod";
import { defineVerb } from "../verb";
import { groupNameSchema, createGroupSchema } from "./schemas";
import { ServiceError } from "../../errors";
import { newId } from "../../ids";
import { normaliseRule, ruleKey, authorizeLine, describePorts, type Rule, type GroupRule } from "../../net/rules";
import type { Ctx, TxCtx } from "../context";
import { notifyGroups, onGroups, onRefresh } from "../../events";
import { addDefaultEgress, egressRules } from "./egress";
import { defaultVpc } from "../vpcs/vpcs";
import { tagAtCreation, tagMap } from "../tags/resource-tags";
import { Prisma } from "../../generated/prisma/client";
import { readRows } from "../../sql/read-rows";
import { inList, shortLists } from "../../sql/in-list";
import { plainText } from "../../text";
import { inChunks } from "../../sql/chunks";

type AnyCtx = Ctx | TxCtx;

const groupRef = z.object({ groupId: z.string().trim().optional(), groupName: z.string().trim().optional() });

const ruleInput = z.object({
  protocol: z.string(),
  fromPort: z.union([z.number(), z.string()]).nullish(),
  toPort: z.union([z.number(), z.string()]).nullish(),
  cidr: z.string().nullish(),
  /** A group of the team, by id or name. */
  sourceGroup: z.string().nullish(),
  description: plainText(z.string().max(255, "Rule descriptions are at most 255 characters."), "Rule descriptions").optional(),
});

export type RuleForm = z.input<typeof ruleInput>;

export { groupNameSchema };

export async function findGroup(ctx: AnyCtx, ref: { groupId?: string; groupName?: string }) {
  if (!ref.groupId && !ref.groupName) throw new ServiceError("MissingParameter", "Name a security group (its id or its name).", "groupId");
  const g = await ctx.db.securityGroup.findFirst({ where: { teamId: ctx.team.id, ...(ref.groupId ? { id: ref.groupId } : { name: ref.groupName }) } });
  if (!g) throw new ServiceError("InvalidGroup.NotFound", `The security group '${ref.groupId ?? ref.groupName}' does not exist`, "groupId");
  return g;
}

export function ruleView(r: { id: string; groupId: string; protocol: string; fromPort: number; toPort: number; cidr: string | null; sourceGroupId: string | null; description: string }, names: Map<string, string>) {
  const rule = r as Rule;
  return { ...r, ports: describePorts(rule), sourceGroupName: r.sourceGroupId ? (names.get(r.sourceGroupId) ?? r.sourceGroupId) : null, line: authorizeLine(rule, (id) => names.get(id) ?? id) };
}

async function groupNames(ctx: AnyCtx): Promise<Map<string, string>> {
  return new Map((await ctx.db.securityGroup.findMany({ where: { teamId: ctx.team.id }, select: { id: true, name: true } })).map((g) => [g.id, g.name]));
}

/** The groups' members that are not terminated (one statement, however many instances a group has had). */
async function liveMembers(ctx: AnyCtx, groupIds: string[]): Promise<{ instanceId: string; groupId: string }[]> {
  return readRows(
    ctx.db,
    Prisma.sql`SELECT ig."instanceId", ig."groupId" FROM "InstanceGroup" ig JOIN "Instance" i ON i."id" = ig."instanceId"
      WHERE ${inList(Prisma.sql`ig."groupId"`, groupIds)} AND i."teamId" = ${ctx.team.id} AND i."state" <> 'terminated' ORDER BY i."launchedAt", i."id"`,
  );
}

/** Rows by one of their fields, in their order. */
function byKey<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) (out.get(key(r)) ?? out.set(key(r), []).get(key(r))!).push(r);
  return out;
}

export const describeSecurityGroups = defineVerb({
  kind: "read",
  name: "DescribeSecurityGroups",
  permission: "groups.read",
  input: z.object({ groupIds: z.array(z.string()).default([]), groupNames: z.array(z.string()).default([]) }),
  async run({ ctx, input }) {
    const named = input.groupIds.length + input.groupNames.length > 0;
    const short = shortLists(input.groupIds, input.groupNames);
    const rows = await ctx.db.securityGroup.findMany({
      where: { teamId: ctx.team.id, ...(named && short ? { OR: [{ id: { in: input.groupIds } }, { name: { in: input.groupNames } }] } : {}) },
      orderBy: [{ createdAt: "asc" }, { name: "asc" }],
    });
    const [askedIds, askedNames] = [new Set(input.groupIds), new Set(input.groupNames)];
    const groups = named && !short ? rows.filter((g) => askedIds.has(g.id) || askedNames.has(g.name)) : rows;
    const foundIds = new Set(groups.map((g) => g.id));
    const foundNames = new Set(groups.map((g) => g.name));
    for (const id of input.groupIds) if (!foundIds.has(id)) throw new ServiceError("InvalidGroup.NotFound", `The security group '${id}' does not exist`, "groupId");
    for (const n of input.groupNames) if (!foundNames.has(n)) throw new ServiceError("InvalidGroup.NotFound", `The security group '${n}' does not exist`, "groupName");
    const ids = [...foundIds];
    const [rules, members, names, egress, vpc, tags] = await Promise.all([
      inChunks(ids, (c) => ctx.db.securityGroupRule.findMany({ where: { groupId: { in: c } }, orderBy: { createdAt: "asc" } })),
      liveMembers(ctx, ids),
      groupNames(ctx),
      egressRules(ctx, ids),
      defaultVpc(ctx),
      tagMap(ctx.db, ctx.team.id, ids),
    ]);
    const rulesOf = byKey(rules, (r) => r.groupId);
    const membersOf = byKey(members, (m) => m.groupId);
    const egressOf = byKey(egress, (r) => r.groupId);
    return groups.map((g) => ({
      id: g.id,
      name: g.name,
      description: g.description,
      createdAt: g.createdAt.toISOString(),
      vpcId: vpc.id,
      rules: (rulesOf.get(g.id) ?? []).map((r) => ruleView(r, names)),
      egress: (egressOf.get(g.id) ?? []).map((r) => ({ ...ruleView(r, names), destGroupName: r.sourceGroupId ? (names.get(r.sourceGroupId) ?? r.sourceGroupId) : null })),
      instanceIds: (membersOf.get(g.id) ?? []).map((m) => m.instanceId),
      // A plain copy: this view reaches client components, which take no null-prototype objects.
      tags: { ...tags.get(g.id) },
    }));
  },
});

export type SecurityGroupView = Awaited<ReturnType<typeof describeSecurityGroups>>[number];

export const createSecurityGroup = defineVerb({
  kind: "write",
  name: "CreateSecurityGroup",
  permission: "groups.write",
  input: createGroupSchema,
  failureTargets: (i) => [i.name],
  async run({ ctx, input, audit }) {
    if (input.name.toLowerCase() === "default") throw new ServiceError("InvalidGroup.Reserved", "The name 'default' is reserved for the team's default group.", "name");
    if (input.vpcId && input.vpcId !== (await defaultVpc(ctx)).id) throw new ServiceError("InvalidVpcID.NotFound", `The vpc ID '${input.vpcId}' does not exist`, "vpcId");
    const clash = await ctx.db.securityGroup.findUnique({ where: { teamId_name: { teamId: ctx.team.id, name: input.name } } });
    if (clash) throw new ServiceError("InvalidGroup.Duplicate", `The security group '${input.name}' already exists (${clash.id}).`, "name");
    const id = newId("sg");
    await ctx.db.securityGroup.create({ data: { id, teamId: ctx.team.id, name: input.name, description: input.description, createdAt: ctx.clock.now() } });
    await addDefaultEgress(ctx, id);
    await tagAtCreation(ctx, [id], input.tags);
    audit.targets(id);
    audit.detail(input.name);
    return { groupId: id, name: input.name };
  },
});

export const deleteSecurityGroup = defineVerb({
  kind: "write",
  name: "DeleteSecurityGroup",
  permission: "groups.write",
  input: groupRef,
  failureTargets: (i) => [i.groupId ?? i.groupName ?? ""],
  async run({ ctx, input, audit }) {
    const g = await findGroup(ctx, input);
    if (g.name === "default") throw new ServiceError("CannotDelete", "The default security group can't be deleted.", "groupId");
    const members = await liveMembers(ctx, [g.id]);
    if (members.length) {
      const ids = members.map((m) => m.instanceId);
      throw new ServiceError("DependencyViolation", `The security group '${g.name}' is in use by ${ids.length} instance${ids.length === 1 ? "" : "s"}: ${ids.slice(0, 10).join(", ")}${ids.length > 10 ? ", …" : ""}. Terminate them first.`, "groupId");
    }
    const referencing = [
      ...(await ctx.db.securityGroupRule.findMany({ where: { sourceGroupId: g.id, groupId: { not: g.id } } })),
      ...(await ctx.db.securityGroupEgress.findMany({ where: { destGroupId: g.id, groupId: { not: g.id } } })),
    ];
    if (referencing.length) {
      const names = await groupNames(ctx);
      throw new ServiceError("DependencyViolation", `The security group '${g.name}' is named in rules of ${[...new Set(referencing.map((r) => names.get(r.groupId) ?? r.groupId))].join(", ")}. Revoke those rules first.`, "groupId");
    }
    await ctx.db.securityGroupRule.deleteMany({ where: { groupId: g.id } });
    await ctx.db.securityGroupEgress.deleteMany({ where: { groupId: g.id } });
    await ctx.db.tag.deleteMany({ where: { teamId: ctx.team.id, resourceId: g.id } });
    await ctx.db.instanceGroup.deleteMany({ where: { groupId: g.id } });
    await ctx.db.securityGroup.delete({ where: { id: g.id } });
    audit.targets(g.id);
    audit.detail(g.name);
    return { groupId: g.id };
  },
  after: ({ output }) => notifyGroups([output.groupId]),
});

/** Normalises the rules of a request, resolving source groups within the team. */
async function normaliseAll(ctx: TxCtx, rules: z.output<typeof ruleInput>[]): Promise<(Rule & { description: string })[]> {
  const names = await groupNames(ctx);
  const byName = new Map([...names].map(([id, n]) => [n, id]));
  return rules.map((r, i) => {
    let sourceGroupId: string | null = null;
    if (r.sourceGroup) {
      sourceGroupId = names.has(r.sourceGroup) ? r.sourceGroup : (byName.get(r.sourceGroup) ?? null);
      // Another team's group is indistinguishable from a missing one.
      if (!sourceGroupId) throw new ServiceError("InvalidGroup.NotFound", `The source security group '${r.sourceGroup}' does not exist`, `rules.${i}.sourceGroup`);
    }
    const n = normaliseRule({ ...r, sourceGroupId });
    if (!n.ok) throw new ServiceError(n.field === "cidr" || n.field === "source" ? "InvalidParameterValue" : "InvalidParameterValue", n.message, `rules.${i}.${n.field}`);
    return { ...n.rule, description: r.description ?? "" };
  });
}

const rulesInput = groupRef.extend({ rules: z.array(ruleInput).max(100, "At most 100 rules at once.").refine((a) => a.length > 0, { message: "Give at least one rule.", params: { code: "MissingParameter" } }) });

export const authorizeIngress = defineVerb({
  kind: "write",
  name: "AuthorizeSecurityGroupIngress",
  permission: "groups.write",
  input: rulesInput,
  failureTargets: (i) => [i.groupId ?? i.groupName ?? ""],
  async run({ ctx, input, audit }) {
    const g = await findGroup(ctx, input);
    const rules = await normaliseAll(ctx, input.rules);
    const existing = await ctx.db.securityGroupRule.findMany({ where: { groupId: g.id } });
    const names = await groupNames(ctx);
    const seen = new Map(existing.map((r) => [ruleKey(r as Rule), r]));
    const created: string[] = [];
    for (const r of rules) {
      const dup = seen.get(ruleKey(r));
      if (dup) {
        const line = authorizeLine(r, (id) => names.get(id) ?? id);
        throw new ServiceError(
          "InvalidPermission.Duplicate",
          dup.id === "new" ? `The rule "${line}" is given twice in this request.` : `The rule "${line}" already exists in ${g.name} (${dup.id}): nothing was added.`,
          "rules",
        );
      }
      const id = newId("sgr");
      await ctx.db.securityGroupRule.create({
        data: { id, groupId: g.id, teamId: ctx.team.id, protocol: r.protocol, fromPort: r.fromPort, toPort: r.toPort, cidr: r.cidr, sourceGroupId: r.sourceGroupId, description: r.description, createdAt: ctx.clock.now() },
      });
      seen.set(ruleKey(r), { ...r, id: "new" } as never);
      created.push(id);
    }
    audit.targets(g.id, ...created);
    audit.detail(rules.map((r) => authorizeLine(r, (id) => names.get(id) ?? id)).join("; "));
    return { groupId: g.id, ruleIds: created };
  },
  after: ({ output }) => notifyGroups([output.groupId]),
});

export const revokeIngress = defineVerb({
  kind: "write",
  name: "RevokeSecurityGroupIngress",
  permission: "groups.write",
  input: groupRef.extend({ rules: z.array(ruleInput).max(100).default([]), ruleIds: z.array(z.string()).max(100).default([]) }),
  failureTargets: (i) => [i.groupId ?? i.groupName ?? ""],
  async run({ ctx, input, audit }) {
    const g = await findGroup(ctx, input);
    if (input.rules.length === 0 && input.ruleIds.length === 0) throw new ServiceError("MissingParameter", "Say which rules to revoke.", "rules");
    const existing = await ctx.db.securityGroupRule.findMany({ where: { groupId: g.id } });
    const names = await groupNames(ctx);
    const byKey = new Map(existing.map((r) => [ruleKey(r as Rule), r]));
    const doomed: string[] = [];
    for (const id of input.ruleIds) {
      if (!existing.some((r) => r.id === id)) throw new ServiceError("InvalidSecurityGroupRuleId.NotFound", `The security group rule ID '${id}' does not exist in ${g.name}'s inbound rules.`, "ruleIds");
      doomed.push(id);
    }
    for (const r of await normaliseAll(ctx, input.rules)) {
      const hit = byKey.get(ruleKey(r));
      if (!hit) throw new ServiceError("InvalidPermission.NotFound", `The rule "${authorizeLine(r, (id) => names.get(id) ?? id)}" does not exist in ${g.name}: nothing was revoked.`, "rules");
      doomed.push(hit.id);
    }
    await ctx.db.securityGroupRule.deleteMany({ where: { id: { in: doomed } } });
    audit.targets(g.id, ...doomed);
    audit.detail(existing.filter((r) => doomed.includes(r.id)).map((r) => authorizeLine(r as Rule, (id) => names.get(id) ?? id)).join("; "));
    return { groupId: g.id, ruleIds: doomed };
  },
  after: ({ output }) => notifyGroups([output.groupId]),
});

// Each group's rules, kept per database client and dropped when the group
// changes (every rule change ends in notifyGroups), so asking about an
// instance in many large groups doesn't re-read thousands of rules.
const g = globalThis as unknown as { __stratusRuleCache?: WeakMap<object, Map<string, GroupRule[]>> };
const ruleCache = (g.__stratusRuleCache ??= (() => {
  const cache = new WeakMap<object, Map<string, GroupRule[]>>();
  // Group ids are unique across databases; simplest is to start over. A
  // refresh: another replica's changes may have gone unseen.
  const reset = () => void (g.__stratusRuleCache = new WeakMap());
  onGroups(reset);
  onRefresh(reset);
  return cache;
})());

async function groupRules(ctx: AnyCtx, groupIds: string[]): Promise<GroupRule[]> {
  const cache = g.__stratusRuleCache ?? ruleCache;
  let perDb = cache.get(ctx.db);
  if (!perDb) cache.set(ctx.db, (perDb = new Map()));
  const missing = groupIds.filter((id) => !perDb.has(id));
  if (missing.length) {
    const [rules, groups] = await Promise.all([
      inChunks(missing, (c) => ctx.db.securityGroupRule.findMany({ where: { groupId: { in: c } }, orderBy: { createdAt: "asc" } })),
      inChunks(missing, (c) => ctx.db.securityGroup.findMany({ where: { id: { in: c } }, select: { id: true, name: true } })),
    ]);
    const name = new Map(groups.map((x) => [x.id, x.name]));
    for (const id of missing) perDb.set(id, []);
    for (const r of rules) perDb.get(r.groupId)!.push({ ...(r as Rule), id: r.id, groupId: r.groupId, groupName: name.get(r.groupId) ?? r.groupId });
  }
  return groupIds.flatMap((id) => perDb.get(id) ?? []);
}

/** The inbound rules of these instances: the union of their groups' rules. */
export async function effectiveRules(ctx: AnyCtx, instanceIds: string[]): Promise<Map<string, GroupRule[]>> {
  const links = byKey(await inChunks(instanceIds, (c) => ctx.db.instanceGroup.findMany({ where: { instanceId: { in: c } } })), (l) => l.instanceId);
  const out = new Map<string, GroupRule[]>();
  for (const id of instanceIds) out.set(id, await groupRules(ctx, (links.get(id) ?? []).map((l) => l.groupId)));
  return out;
}
