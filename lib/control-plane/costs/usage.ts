// Reading a team's usage for a period: its instances (with what they are
// grouped by), their billable intervals, idle Elastic IP time, and metered
// transfer aggregated in SQL. Every amount is a sum of line items (one
// instance or address, one UTC day, one category) rounded once.
import { bare, own } from "../../own";
import { Prisma } from "../../generated/prisma/client";
import type { Ctx } from "../context";
import { Book, billableIntervals, computeCharges, idleIntervals, idleCharges, dayOf, type Charge } from "../../billing/engine";
import { inChunks } from "../../sql/chunks";
import { readRows } from "../../sql/read-rows";

export interface UsageInstance {
  id: string;
  seq: number | null;
  type: string;
  imageId: string;
  launchedBy: string;
  name: string;
  tags: Record<string, string>;
  state: string;
}

export type GroupKind = "category" | "instance" | "type" | "member" | "image" | "day" | "tag";

export interface Filter {
  kind: Exclude<GroupKind, "category" | "day"> | "day";
  /** the value; for tag, "key=value" */
  value: string;
}

export async function teamBook(ctx: Ctx): Promise<Book> {
  return new Book(await ctx.db.rate.findMany({ where: { teamId: ctx.team.id } }));
}

/** Instances that could have cost something in [from, to), with tags; narrowed by the filter. */
export async function usageInstances(ctx: Ctx, from: Date, to: Date, filter?: Filter): Promise<UsageInstance[]> {
  const rows = await ctx.db.instance.findMany({
    where: {
      teamId: ctx.team.id,
      launchedAt: { lt: to },
      OR: [{ terminatedAt: null }, { terminatedAt: { gte: from } }],
      ...(filter?.kind === "instance" ? { id: filter.value } : {}),
      ...(filter?.kind === "type" ? { instanceType: filter.value } : {}),
      ...(filter?.kind === "image" ? { imageId: filter.value } : {}),
      ...(filter?.kind === "member" ? { launchedBy: filter.value } : {}),
    },
    select: { id: true, seq: true, instanceType: true, imageId: true, launchedBy: true, state: true },
  });
  const tags = await inChunks(rows.map((r) => r.id), (c) => ctx.db.tag.findMany({ where: { teamId: ctx.team.id, resourceId: { in: c } }, select: { resourceId: true, key: true, value: true } }));
  // Keyed by tag keys people chose: maps without a prototype ("constructor" is a tag like any other).
  const tagsBy = new Map<string, Record<string, string>>();
  for (const t of tags) (tagsBy.get(t.resourceId) ?? tagsBy.set(t.resourceId, bare<string>()).get(t.resourceId)!)[t.key] = t.value;
  let out = rows.map((r) => ({ id: r.id, seq: r.seq, type: r.instanceType, imageId: r.imageId, launchedBy: r.launchedBy, state: r.state, tags: tagsBy.get(r.id) ?? bare<string>(), name: own(tagsBy.get(r.id) ?? {}, "Name") ?? "" }));
  if (filter?.kind === "tag") {
    const [k, v] = splitTag(filter.value);
    out = out.filter((i) => (v === undefined ? Object.hasOwn(i.tags, k) : own(i.tags, k) === v));
  }
  return out;
}

export function splitTag(text: string): [string, string | undefined] {
  const eq = text.indexOf("=");
  return eq < 0 ? [text, undefined] : [text.slice(0, eq), text.slice(eq + 1)];
}

/** Instance-hour charges per instance per day. */
export async function computeUsage(ctx: Ctx, instances: UsageInstance[], book: Book, from: Date, to: Date): Promise<Charge[]> {
  const history = await inChunks(instances.map((i) => i.id), (c) =>
    ctx.db.stateTransition.findMany({ where: { instanceId: { in: c }, at: { lt: to } }, orderBy: [{ at: "asc" }, { id: "asc" }], select: { instanceId: true, toState: true, at: true } }),
  );
  const by = new Map<string, { to: string; at: Date }[]>();
  for (const h of history) (by.get(h.instanceId) ?? by.set(h.instanceId, []).get(h.instanceId)!).push({ to: h.toState, at: h.at });
  const intervals = instances.flatMap((i) => billableIntervals(i.id, i.type, by.get(i.id) ?? []));
  return computeCharges(intervals, book, from.getTime(), to.getTime(), ctx.clock.now().getTime());
}

/** Idle Elastic IP charges per address per day (none when a filter names instances). */
export async function eipUsage(ctx: Ctx, book: Book, from: Date, to: Date): Promise<Charge[]> {
  const events = await ctx.db.eipEvent.findMany({ where: { teamId: ctx.team.id, at: { lt: to } }, orderBy: [{ at: "asc" }, { id: "asc" }] });
  const by = new Map<string, { kind: string; at: Date }[]>();
  for (const e of events) (by.get(e.allocationId) ?? by.set(e.allocationId, []).get(e.allocationId)!).push(e);
  const intervals = [...by].flatMap(([id, evs]) => idleIntervals(id, evs));
  return idleCharges(intervals, book, from.getTime(), to.getTime(), ctx.clock.now().getTime());
}

export interface TransferRow {
  group: string;
  day: number | null;
  bytesIn: bigint;
  bytesOut: bigint;
  bytesInternal: bigint;
  inMicros: bigint;
  outMicros: bigint;
}

const big = (v: unknown) => BigInt((v as bigint | number | string | null) ?? 0);

/**
 * Metered transfer summed in SQL by a group expression (and optionally by
 * day), over the given instances' rows in [fromDay, toDay). Each row's
 * micro-dollars are rounded before summing, so groupings agree.
 */
export async function transferUsage(
  ctx: Ctx,
  opts: { fromDay: number; toDay: number; group: "seq" | "day" | "type" | "member" | "image" | "tag" | "all"; tagKey?: string; byDay: boolean; filter?: Filter; onlyGroups?: string[] },
): Promise<TransferRow[]> {
  const expr = {
    seq: Prisma.sql`CAST(t."instanceSeq" AS TEXT)`,
    day: Prisma.sql`CAST(t."day" AS TEXT)`,
    type: Prisma.sql`i."instanceType"`,
    member: Prisma.sql`i."launchedBy"`,
    image: Prisma.sql`i."imageId"`,
    tag: Prisma.sql`COALESCE(g."value", '')`,
    all: Prisma.sql`'all'`,
  }[opts.group];
  const tagJoin = opts.group === "tag" ? Prisma.sql`LEFT JOIN "Tag" g ON g."resourceId" = i."id" AND g."key" = ${opts.tagKey ?? ""}` : Prisma.empty;
  const conds = [Prisma.sql`i."teamId" = ${ctx.team.id}`, Prisma.sql`t."day" >= ${opts.fromDay}`, Prisma.sql`t."day" < ${opts.toDay}`];
  const f = opts.filter;
  if (f?.kind === "instance") conds.push(Prisma.sql`i."id" = ${f.value}`);
  if (f?.kind === "type") conds.push(Prisma.sql`i."instanceType" = ${f.value}`);
  if (f?.kind === "image") conds.push(Prisma.sql`i."imageId" = ${f.value}`);
  if (f?.kind === "member") conds.push(Prisma.sql`i."launchedBy" = ${f.value}`);
  if (f?.kind === "day") conds.push(Prisma.sql`t."day" = ${dayOf(Date.parse(`${f.value}T00:00:00Z`))}`);
  if (f?.kind === "tag") {
    const [k, v] = splitTag(f.value);
    conds.push(
      v === undefined
        ? Prisma.sql`EXISTS (SELECT 1 FROM "Tag" ft WHERE ft."resourceId" = i."id" AND ft."key" = ${k})`
        : Prisma.sql`EXISTS (SELECT 1 FROM "Tag" ft WHERE ft."resourceId" = i."id" AND ft."key" = ${k} AND ft."value" = ${v})`,
    );
  }
  if (opts.onlyGroups) {
    // Instance keys go to the primary key as numbers, so the index narrows the scan.
    if (!opts.onlyGroups.length) conds.push(Prisma.sql`1 = 0`);
    else if (opts.group === "seq") conds.push(Prisma.sql`t."instanceSeq" IN (${Prisma.join(opts.onlyGroups.map(Number))})`);
    else conds.push(Prisma.sql`${expr} IN (${Prisma.join(opts.onlyGroups)})`);
  }
  const dayCol = opts.byDay ? Prisma.sql`, t."day" AS "day"` : Prisma.sql`, NULL AS "day"`;
  // A constant can't be grouped by in PostgreSQL: "all" is one group, and no row when nothing matched.
  const keys = opts.group === "all" ? [] : [expr];
  if (opts.byDay) keys.push(Prisma.sql`t."day"`);
  const groupBy = keys.length ? Prisma.sql`GROUP BY ${Prisma.join(keys)}` : Prisma.sql`HAVING COUNT(*) > 0`;
  const rows = await readRows<Record<string, unknown>>(ctx.db, Prisma.sql`
    SELECT ${expr} AS "grp" ${dayCol},
      SUM(t."bytesIn") AS "bytesIn", SUM(t."bytesOut") AS "bytesOut", SUM(t."bytesInternal") AS "bytesInternal",
      SUM((t."inExact" + 536870912) / 1073741824) AS "inMicros", SUM((t."outExact" + 536870912) / 1073741824) AS "outMicros"
    FROM "TrafficDay" t JOIN "Instance" i ON i."seq" = t."instanceSeq" ${tagJoin}
    WHERE ${Prisma.join(conds, " AND ")} ${groupBy}`);
  return rows.map((r) => ({
    group: String(r.grp),
    day: r.day === null || r.day === undefined ? null : Number(r.day),
    bytesIn: big(r.bytesIn),
    bytesOut: big(r.bytesOut),
    bytesInternal: big(r.bytesInternal),
    inMicros: big(r.inMicros),
    outMicros: big(r.outMicros),
  }));
}

export const dayRange = (from: Date, to: Date) => ({ fromDay: dayOf(from.getTime()), toDay: dayOf(to.getTime() - 1) + 1 });
