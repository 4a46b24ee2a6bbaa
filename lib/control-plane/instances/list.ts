// The instances table: filters, text search, sorting and pages, in two
// indexed queries however many instances the team has.
import { z } from "zod";
import { Prisma } from "../../generated/prisma/client";
import { defineVerb } from "../verb";
import { STATES } from "../../instance-state";
import { viewsFor, joinedView, VIEW_COLUMNS, VIEW_JOIN, type JoinedRow } from "./describe";
import type { InstanceRow } from "./view";
import { ServiceError } from "../../errors";
import { instanceIdSchema } from "./schemas";
import { effectiveRules, ruleView } from "../groups/groups";
import { readRows } from "../../sql/read-rows";
import { ec2Details } from "./ec2-details";
import { inList } from "../../sql/in-list";

export const SORTABLE = {
  id: Prisma.sql`i."id"`,
  name: Prisma.sql`n."value"`,
  imageId: Prisma.sql`i."imageId"`,
  instanceType: Prisma.sql`i."instanceType"`,
  state: Prisma.sql`i."state"`,
  publicIp: Prisma.sql`i."publicIp"`,
  privateIp: Prisma.sql`i."privateIp"`,
  launchedAt: Prisma.sql`i."launchedAt"`,
  keyName: Prisma.sql`i."keyName"`,
} as const;

/** A state as SQL text: only the known ones, so nothing else is ever written into a statement. */
function stateLiteral(state: string): string {
  if (!(STATES as readonly string[]).includes(state)) throw new ServiceError("InvalidParameterValue", `"${state}" is not an instance state.`, "states");
  return `'${state}'`;
}

/** Terminated instances stay listed this long, then hide unless asked for. */
export const TERMINATED_VISIBLE_MS = 3_600_000;

export const listSchema = z.object({
  states: z.array(z.enum(STATES)).default([]),
  types: z.array(z.string()).default([]),
  imageIds: z.array(z.string()).default([]),
  /** "key" or "key=value" */
  tags: z.array(z.string().min(1)).default([]),
  q: z.string().trim().max(200).default(""),
  sort: z.enum(Object.keys(SORTABLE) as [keyof typeof SORTABLE, ...(keyof typeof SORTABLE)[]]).default("launchedAt"),
  dir: z.enum(["asc", "desc"]).default("desc"),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(5000).default(50),
  ids: z.array(instanceIdSchema).default([]),
  // The EC2 API's filters (OR within a filter, AND across filters).
  keyNames: z.array(z.string()).default([]),
  reservationIds: z.array(z.string()).default([]),
  publicIps: z.array(z.string()).default([]),
  privateIps: z.array(z.string()).default([]),
  groupIds: z.array(z.string()).default([]),
  groupNames: z.array(z.string()).default([]),
  tagKeys: z.array(z.string()).default([]),
  tagValues: z.array(z.object({ key: z.string(), values: z.array(z.string()) })).default([]),
  /** Offset-based pages without a count (the API's NextToken). */
  withTotal: z.boolean().default(true),
  /** Rows to skip, instead of whole pages. */
  offset: z.number().int().min(0).optional(),
});

export type ListInput = z.input<typeof listSchema>;

export const listInstances = defineVerb({
  kind: "read",
  name: "DescribeInstances",
  permission: "instances.read",
  input: listSchema,
  async run({ ctx, input }) {
    const conds: Prisma.Sql[] = [Prisma.sql`i."teamId" = ${ctx.team.id}`];
    // The states as literals, not parameters (each is one of STATES, checked by the schema): a
    // generic plan (lib/sql/pg.ts) can't know a parameter is a rare state, and read every
    // instance of every team for a small team's running ones.
    if (input.states.length) conds.push(Prisma.sql`i."state" IN (${Prisma.raw([...new Set(input.states)].sort().map(stateLiteral).join(", "))})`);
    else conds.push(Prisma.sql`(i."state" <> 'terminated' OR i."terminatedAt" > ${new Date(ctx.clock.now().getTime() - TERMINATED_VISIBLE_MS)})`);
    if (input.types.length) conds.push(inList(Prisma.sql`i."instanceType"`, input.types));
    if (input.imageIds.length) conds.push(inList(Prisma.sql`i."imageId"`, input.imageIds));
    if (input.ids.length) conds.push(inList(Prisma.sql`i."id"`, input.ids));
    if (input.keyNames.length) conds.push(inList(Prisma.sql`i."keyName"`, input.keyNames));
    if (input.reservationIds.length) conds.push(inList(Prisma.sql`i."reservationId"`, input.reservationIds));
    if (input.publicIps.length) conds.push(inList(Prisma.sql`i."publicIp"`, input.publicIps));
    if (input.privateIps.length) conds.push(inList(Prisma.sql`i."privateIp"`, input.privateIps));
    if (input.groupIds.length) conds.push(Prisma.sql`EXISTS (SELECT 1 FROM "InstanceGroup" ig WHERE ig."instanceId" = i."id" AND ${inList(Prisma.sql`ig."groupId"`, input.groupIds)})`);
    if (input.groupNames.length)
      conds.push(Prisma.sql`EXISTS (SELECT 1 FROM "InstanceGroup" ig JOIN "SecurityGroup" sg ON sg."id" = ig."groupId" WHERE ig."instanceId" = i."id" AND ${inList(Prisma.sql`sg."name"`, input.groupNames)})`);
    for (const k of input.tagKeys) conds.push(Prisma.sql`EXISTS (SELECT 1 FROM "Tag" t WHERE t."resourceId" = i."id" AND t."key" = ${k})`);
    for (const tv of input.tagValues)
      conds.push(tv.values.length ? Prisma.sql`EXISTS (SELECT 1 FROM "Tag" t WHERE t."resourceId" = i."id" AND t."key" = ${tv.key} AND ${inList(Prisma.sql`t."value"`, tv.values)})` : Prisma.sql`1 = 0`);
    for (const t of input.tags) {
      const eq = t.indexOf("=");
      const key = eq < 0 ? t : t.slice(0, eq);
      if (!key) throw new ServiceError("InvalidParameterValue", `Tag filter "${t}" needs a key (key or key=value).`, "tags");
      conds.push(
        eq < 0
          ? Prisma.sql`EXISTS (SELECT 1 FROM "Tag" t WHERE t."resourceId" = i."id" AND t."key" = ${key})`
          : Prisma.sql`EXISTS (SELECT 1 FROM "Tag" t WHERE t."resourceId" = i."id" AND t."key" = ${key} AND t."value" = ${t.slice(eq + 1)})`,
      );
    }
    if (input.q) {
      const like = `%${input.q.toLowerCase().replace(/[\\%_]/g, (c) => "\\" + c)}%`;
      conds.push(
        Prisma.sql`(LOWER(i."id") LIKE ${like} ESCAPE '\\' OR LOWER(COALESCE(n."value", '')) LIKE ${like} ESCAPE '\\' OR COALESCE(i."publicIp", '') LIKE ${like} ESCAPE '\\'
          OR COALESCE(i."privateIp", '') LIKE ${like} ESCAPE '\\' OR LOWER(i."imageId") LIKE ${like} ESCAPE '\\' OR LOWER(COALESCE(i."keyName", '')) LIKE ${like} ESCAPE '\\'
          OR LOWER(i."instanceType") LIKE ${like} ESCAPE '\\')`,
      );
    }
    const where = Prisma.join(conds, " AND ");
    // The Name tag is joined only to sort or search by it (views take it from the tags).
    const byName = input.sort === "name" || Boolean(input.q);
    const from = byName ? Prisma.sql`FROM "Instance" i LEFT JOIN "Tag" n ON n."resourceId" = i."id" AND n."key" = 'Name'` : Prisma.sql`FROM "Instance" i`;
    const dir = input.dir === "asc" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
    const offset = input.offset ?? (input.page - 1) * input.pageSize;
    // The page's rows first, then the views of those rows alone: PostgreSQL
    // computes the views' subqueries for every row it sorts or skips (OFFSET).
    const page = Prisma.sql`SELECT i."id", ${SORTABLE[input.sort]} AS "k", i."launchIndex" AS "li" ${from} WHERE ${where}
      ORDER BY ${SORTABLE[input.sort]} ${dir}, i."launchIndex" ASC, i."id" ASC LIMIT ${input.pageSize} OFFSET ${offset}`;
    const [rows, total] = await Promise.all([
      readRows<JoinedRow>(ctx.db, Prisma.sql`SELECT ${VIEW_COLUMNS()} FROM (${page}) p JOIN "Instance" i ON i."id" = p."id" ${VIEW_JOIN} ORDER BY p."k" ${dir}, p."li" ASC, p."id" ASC`),
      input.withTotal ? readRows<{ c: number | bigint }>(ctx.db, Prisma.sql`SELECT COUNT(*) AS c ${from} WHERE ${where}`) : Promise.resolve([{ c: -1 }]),
    ]);
    const items = rows.map(joinedView);
    return { items, total: Number(total[0].c), page: input.page, pageSize: input.pageSize };
  },
});

export const getInstance = defineVerb({
  kind: "read",
  name: "DescribeInstance",
  permission: "instances.read",
  input: z.object({ instanceId: z.string() }),
  async run({ ctx, input }) {
    const row = await ctx.db.instance.findFirst({ where: { id: input.instanceId, teamId: ctx.team.id } });
    if (!row) throw new ServiceError("InvalidInstanceID.NotFound", `The instance ID '${input.instanceId}' does not exist`, "instanceId");
    const [view] = await viewsFor(ctx, [row]);
    const history = await ctx.db.stateTransition.findMany({ where: { instanceId: row.id }, orderBy: [{ at: "asc" }, { id: "asc" }] });
    const [rules, eip, names, key, details] = await Promise.all([
      effectiveRules(ctx, [row.id]),
      ctx.db.elasticIp.findUnique({ where: { instanceId: row.id } }),
      ctx.db.securityGroup.findMany({ where: { teamId: ctx.team.id }, select: { id: true, name: true } }),
      row.keyName ? ctx.db.keyPair.findUnique({ where: { teamId_name: { teamId: ctx.team.id, name: row.keyName } } }) : null,
      ec2Details(ctx, [row.id]),
    ]);
    const d = details.get(row.id);
    const nameOf = new Map(names.map((g) => [g.id, g.name]));
    const userDataBytes = row.userData ? Buffer.from(row.userData, "base64") : null;
    const text = userDataBytes ? new TextDecoder("utf-8", { fatal: false }).decode(userDataBytes) : null;
    const isText = userDataBytes !== null && !text!.includes("\uFFFD") && !/[\x00-\x08\x0e-\x1f]/.test(text!);
    return {
      ...view,
      history: history.map((h) => ({ from: h.fromState, to: h.toState, reasonCode: h.reasonCode, reasonMsg: h.reasonMsg, at: h.at.toISOString() })),
      userData: userDataBytes === null ? null : isText ? { encoding: "text" as const, value: text! } : { encoding: "base64" as const, value: row.userData! },
      publicKey: row.publicKey,
      /** The key pair still exists with the same key (it may have been deleted or replaced since launch). */
      keyPairCurrent: Boolean(key && key.publicKey === row.publicKey),
      inboundRules: (rules.get(row.id) ?? []).map((r) => ({ ...ruleView({ ...r, description: "" }, nameOf), groupName: r.groupName })),
      elasticIp: eip ? { allocationId: eip.id, associationId: eip.associationId } : null,
      bootCount: row.bootCount,
      /** The simulated clock when this was read (scheduling is relative to it). */
      serverTime: ctx.clock.now().toISOString(),
      tokensRequired: row.tokensRequired,
      /** Where it sits in the team's VPC. */
      network: { vpcId: d?.vpcId ?? null, subnetId: d?.subnetId ?? null, networkInterfaceId: row.state === "terminated" ? null : (d?.networkInterfaceId ?? null) },
      terminationProtected: row.disableApiTermination,
      stopProtected: row.disableApiStop,
    };
  },
});

export type InstanceDetail = Awaited<ReturnType<typeof getInstance>>;
export type InstancePage = Awaited<ReturnType<typeof listInstances>>;
