// Outbound rules (EC2-VPC): where a group's members may send traffic. A new
// group allows everything out (all traffic to 0.0.0.0/0) until told
// otherwise, as EC2's groups do. Rules are the same shapes as inbound ones;
// their peer is a destination CIDR or group.
import { z } from "zod";
import { defineVerb } from "../verb";
import { ServiceError } from "../../errors";
import { newId } from "../../ids";
import { normaliseRule, ruleKey, type Rule } from "../../net/rules";
import type { Ctx, TxCtx } from "../context";
import { notifyGroups } from "../../events";
import { findGroup } from "./groups";
import { Prisma } from "../../generated/prisma/client";
import { readRows } from "../../sql/read-rows";
import { inList } from "../../sql/in-list";
import { plainText } from "../../text";

type AnyCtx = Ctx | TxCtx;

export interface EgressRule extends Rule {
  id: string;
  groupId: string;
  description: string;
}

const egressInput = z.object({
  protocol: z.string(),
  fromPort: z.union([z.number(), z.string()]).nullish(),
  toPort: z.union([z.number(), z.string()]).nullish(),
  cidr: z.string().nullish(),
  /** A group of the team, by id or name. */
  destGroup: z.string().nullish(),
  description: plainText(z.string().max(255, "Rule descriptions are at most 255 characters."), "Rule descriptions").optional(),
});

export type EgressForm = z.input<typeof egressInput>;

/** "ALLOWS tcp 443 443 TO CIDR 0.0.0.0/0", the outbound twin of authorizeLine. */
export function egressLine(r: Rule, groupName?: (id: string) => string): string {
  const ports = r.protocol === "all" ? "" : ` ${r.fromPort} ${r.toPort}`;
  const to = r.cidr ? `CIDR ${r.cidr}` : `GRPNAME ${groupName?.(r.sourceGroupId!) ?? r.sourceGroupId}`;
  return `ALLOWS ${r.protocol}${ports} TO ${to}`;
}

type Row = { id: string; groupId: string; protocol: string; fromPort: number | bigint; toPort: number | bigint; cidr: string | null; destGroupId: string | null; description: string };

const toRule = (r: Row): EgressRule => ({
  id: r.id, groupId: r.groupId, protocol: r.protocol as Rule["protocol"], fromPort: Number(r.fromPort), toPort: Number(r.toPort), cidr: r.cidr, sourceGroupId: r.destGroupId, description: r.description,
});

/** The outbound rules of these groups, oldest first. (sourceGroupId holds the destination group.) */
export async function egressRules(ctx: AnyCtx, groupIds: string[]): Promise<EgressRule[]> {
  if (!groupIds.length) return [];
  const rows = await readRows<Row>(
    ctx.db,
    Prisma.sql`SELECT "id", "groupId", "protocol", "fromPort", "toPort", "cidr", "destGroupId", "description" FROM "SecurityGroupEgress" WHERE "teamId" = ${ctx.team.id} AND ${inList(Prisma.sql`"groupId"`, groupIds)} ORDER BY "createdAt", "id"`,
  );
  return rows.map(toRule);
}

export async function addDefaultEgress(ctx: TxCtx, groupId: string): Promise<string> {
  const id = newId("sgr");
  await ctx.db.securityGroupEgress.create({ data: { id, groupId, teamId: ctx.team.id, protocol: "all", fromPort: -1, toPort: -1, cidr: "0.0.0.0/0", createdAt: ctx.clock.now() } });
  return id;
}

async function names(ctx: AnyCtx): Promise<Map<string, string>> {
  return new Map((await ctx.db.securityGroup.findMany({ where: { teamId: ctx.team.id }, select: { id: true, name: true } })).map((g) => [g.id, g.name]));
}

async function normalise(ctx: TxCtx, rules: z.output<typeof egressInput>[]) {
  const byId = await names(ctx);
  const byName = new Map([...byId].map(([id, n]) => [n, id]));
  return rules.map((r, i) => {
    let dest: string | null = null;
    if (r.destGroup) {
      dest = byId.has(r.destGroup) ? r.destGroup : (byName.get(r.destGroup) ?? null);
      if (!dest) throw new ServiceError("InvalidGroup.NotFound", `The destination security group '${r.destGroup}' does not exist`, `rules.${i}.destGroup`);
    }
    const n = normaliseRule({ ...r, sourceGroupId: dest });
    if (!n.ok)
      throw new ServiceError("InvalidParameterValue", n.field === "source" ? (r.cidr ? n.message : "Say where traffic may go: a CIDR such as 0.0.0.0/0, or a security group.") : n.message, `rules.${i}.${n.field === "source" ? "cidr" : n.field}`);
    return { ...n.rule, description: r.description ?? "" };
  });
}

const rulesInput = z.object({
  groupId: z.string().trim().optional(),
  groupName: z.string().trim().optional(),
  rules: z.array(egressInput).max(100, "At most 100 rules at once.").default([]),
  ruleIds: z.array(z.string()).max(100).default([]),
});

export const authorizeEgress = defineVerb({
  kind: "write",
  name: "AuthorizeSecurityGroupEgress",
  permission: "groups.write",
  input: rulesInput,
  failureTargets: (i) => [i.groupId ?? i.groupName ?? ""],
  async run({ ctx, input, audit }) {
    const g = await findGroup(ctx, input);
    if (!input.rules.length) throw new ServiceError("MissingParameter", "Give at least one rule.", "rules");
    const rules = await normalise(ctx, input.rules);
    const existing = await egressRules(ctx, [g.id]);
    const byId = await names(ctx);
    const seen = new Map(existing.map((r) => [ruleKey(r), r.id]));
    const created: string[] = [];
    for (const r of rules) {
      const dup = seen.get(ruleKey(r));
      if (dup) {
        const line = egressLine(r, (id) => byId.get(id) ?? id);
        throw new ServiceError("InvalidPermission.Duplicate", dup === "new" ? `The rule "${line}" is given twice in this request.` : `The rule "${line}" already exists in ${g.name} (${dup}): nothing was added.`, "rules");
      }
      const id = newId("sgr");
      await ctx.db.securityGroupEgress.create({
        data: { id, groupId: g.id, teamId: ctx.team.id, protocol: r.protocol, fromPort: r.fromPort, toPort: r.toPort, cidr: r.cidr, destGroupId: r.sourceGroupId, description: r.description, createdAt: ctx.clock.now() },
      });
      seen.set(ruleKey(r), "new");
      created.push(id);
    }
    audit.targets(g.id, ...created);
    audit.detail(rules.map((r) => egressLine(r, (id) => byId.get(id) ?? id)).join("; "));
    return { groupId: g.id, ruleIds: created };
  },
  after: ({ output }) => notifyGroups([output.groupId]),
});

export const revokeEgress = defineVerb({
  kind: "write",
  name: "RevokeSecurityGroupEgress",
  permission: "groups.write",
  input: rulesInput,
  failureTargets: (i) => [i.groupId ?? i.groupName ?? ""],
  async run({ ctx, input, audit }) {
    const g = await findGroup(ctx, input);
    if (input.rules.length === 0 && input.ruleIds.length === 0) throw new ServiceError("MissingParameter", "Say which rules to revoke.", "rules");
    const existing = await egressRules(ctx, [g.id]);
    const byId = await names(ctx);
    const byKey = new Map(existing.map((r) => [ruleKey(r), r]));
    const doomed: string[] = [];
    for (const id of input.ruleIds) {
      if (!existing.some((r) => r.id === id)) throw new ServiceError("InvalidSecurityGroupRuleId.NotFound", `The security group rule ID '${id}' does not exist in ${g.name}'s outbound rules.`, "ruleIds");
      doomed.push(id);
    }
    for (const r of await normalise(ctx, input.rules)) {
      const hit = byKey.get(ruleKey(r));
      if (!hit) throw new ServiceError("InvalidPermission.NotFound", `The rule "${egressLine(r, (id) => byId.get(id) ?? id)}" does not exist in ${g.name}'s outbound rules: nothing was revoked.`, "rules");
      doomed.push(hit.id);
    }
    await ctx.db.securityGroupEgress.deleteMany({ where: { id: { in: doomed }, groupId: g.id } });
    audit.targets(g.id, ...doomed);
    audit.detail(existing.filter((r) => doomed.includes(r.id)).map((r) => egressLine(r, (id) => byId.get(id) ?? id)).join("; "));
    return { groupId: g.id, ruleIds: doomed };
  },
  after: ({ output }) => notifyGroups([output.groupId]),
});
