// The cost report behind the Costs page, /api/costs and Cost Explorer:
// totals by category, a breakdown by one dimension, a daily series for the
// chart, the previous period for comparison, and the month-end forecast.
import { z } from "zod";
import { defineVerb } from "../verb";
import { ServiceError } from "../../errors";
import type { Ctx } from "../context";
import { DAY_MS, dayOf, isoDay, HOUR_MS, type Charge } from "../../billing/engine";
import { toDecimal } from "../../money";
import { periodLabel, previousPeriod } from "./periods";
import { computeUsage, eipUsage, teamBook, transferUsage, usageInstances, dayRange, splitTag, type Filter, type UsageInstance } from "./usage";

import { CATEGORIES, CATEGORY_LABEL, type Category } from "../../billing/categories";
export { CATEGORIES, CATEGORY_LABEL, type Category };

const GROUPS = ["category", "instance", "type", "member", "image", "day", "tag", "group"] as const;
/** Instance groups tag their members (as EC2 Auto Scaling does); "group" groups costs by it. */
export const GROUP_TAG = "aws:autoscaling:groupName";
export const EIP_GROUP = "(Elastic IPs)";
export const MAX_MONTHS = 13;
const CHART_GROUPS = 8;

function parseDay(text: string, field: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text.trim())
    throw new ServiceError("InvalidParameterValue", `"${text}" is not a date: use YYYY-MM-DD (UTC).`, field);
  return d;
}

export const reportSchema = z.object({
  /** First day, YYYY-MM-DD (UTC), included. */
  from: z.string().min(1, "Give the first day of the period."),
  /** Day after the last, YYYY-MM-DD (UTC), excluded — as Cost Explorer's End. */
  to: z.string().min(1, "Give the end of the period."),
  /** category | instance | type | member | image | day | group (instance group) | tag:<key> */
  groupBy: z.string().default("category"),
  /** instance:<id> | type:<name> | member:<who> | image:<ami> | group:<name> | tag:<key>[=<value>] | day:<YYYY-MM-DD> */
  filter: z.string().optional(),
  compare: z.boolean().default(true),
});

export type ReportInput = z.input<typeof reportSchema>;

export interface Period {
  from: Date;
  to: Date;
  groupBy: (typeof GROUPS)[number];
  tagKey?: string;
  filter?: Filter;
}

export function parsePeriod(input: z.output<typeof reportSchema>): Period {
  const from = parseDay(input.from, "from");
  const to = parseDay(input.to, "to");
  if (to <= from) throw new ServiceError("InvalidParameterValue", `The period is empty or inverted: it must end after it starts (${input.from} → ${input.to}; the end day is not included).`, "to");
  const limit = new Date(from);
  limit.setUTCMonth(limit.getUTCMonth() + MAX_MONTHS);
  if (to > limit) throw new ServiceError("InvalidParameterValue", `A period can be at most ${MAX_MONTHS} months long (${input.from} → ${limit.toISOString().slice(0, 10)}).`, "to");
  const [kind, ...rest] = input.groupBy.split(":");
  if (!(GROUPS as readonly string[]).includes(kind)) throw new ServiceError("InvalidParameterValue", `Unknown group-by "${input.groupBy}": use ${GROUPS.filter((g) => g !== "tag").join(", ")} or tag:<key>.`, "groupBy");
  const tagKey = kind === "tag" ? rest.join(":") : undefined;
  if (kind === "tag" && !tagKey) throw new ServiceError("InvalidParameterValue", "Group by tag needs a tag key: tag:<key>, such as tag:env.", "groupBy");
  let filter: Filter | undefined;
  if (input.filter) {
    const i = input.filter.indexOf(":");
    const fk = input.filter.slice(0, i);
    const value = input.filter.slice(i + 1);
    if (i < 0 || !["instance", "type", "member", "image", "tag", "day", "group"].includes(fk) || !value)
      throw new ServiceError("InvalidParameterValue", `Unknown filter "${input.filter}": use instance:, type:, member:, image:, group:, tag: or day: followed by a value.`, "filter");
    if (fk === "day") parseDay(value, "filter");
    filter = fk === "group" ? { kind: "tag", value: `${GROUP_TAG}=${value}` } : { kind: fk as Filter["kind"], value };
  }
  return { from, to, groupBy: kind as Period["groupBy"], tagKey, filter };
}

interface Acc {
  micros: Record<Category, bigint>;
  hours: number;
  bytesIn: bigint;
  bytesOut: bigint;
  bytesInternal: bigint;
  eipHours: number;
}

const newAcc = (): Acc => ({ micros: { compute: 0n, transferIn: 0n, transferOut: 0n, eip: 0n }, hours: 0, bytesIn: 0n, bytesOut: 0n, bytesInternal: 0n, eipHours: 0 });
const totalOf = (a: Acc) => a.micros.compute + a.micros.transferIn + a.micros.transferOut + a.micros.eip;

function groupOf(p: Period, inst: UsageInstance | undefined, day: number): string {
  switch (p.groupBy) {
    case "instance":
      return inst?.id ?? "";
    case "type":
      return inst?.type ?? "";
    case "member":
      return inst?.launchedBy ?? "";
    case "image":
      return inst?.imageId ?? "";
    case "tag":
      return inst?.tags[p.tagKey!] ?? "";
    case "group":
      return inst?.tags[GROUP_TAG] ?? "";
    case "day":
      return isoDay(day);
    case "category":
      return "all";
  }
}

/** Every line item of the period, summed by group and by day. */
export async function aggregate(ctx: Ctx, p: Period) {
  const book = await teamBook(ctx);
  const instances = await usageInstances(ctx, p.from, p.to, p.filter);
  const byId = new Map(instances.map((i) => [i.id, i]));
  const bySeq = new Map(instances.filter((i) => i.seq !== null).map((i) => [String(i.seq), i]));
  const { fromDay, toDay } = dayRange(p.from, p.to);
  const filterDay = p.filter?.kind === "day" ? dayOf(Date.parse(`${p.filter.value}T00:00:00Z`)) : null;
  // Runs of whole days, cut to the filtered day when there is one.
  const cut = (cs: Charge[]) =>
    filterDay === null ? cs : cs.filter((c) => c.day <= filterDay && filterDay < c.day + c.days).map((c) => ({ ...c, day: filterDay, days: 1 }));
  const compute = cut(await computeUsage(ctx, instances, book, p.from, p.to));
  const eip: Charge[] = !p.filter || p.filter.kind === "day" ? cut(await eipUsage(ctx, book, p.from, p.to)) : [];

  const sqlGroup = p.groupBy === "instance" ? "seq" : p.groupBy === "category" || p.groupBy === "day" ? "all" : p.groupBy === "group" ? "tag" : p.groupBy;
  const sqlTagKey = p.groupBy === "group" ? GROUP_TAG : p.tagKey;
  // Few groups: one query by group and day gives totals, days and the chart series.
  // Instances: by instance, by day, and the chart's top instances by day.
  const few = p.groupBy !== "instance";
  const byGroupDay = few ? await transferUsage(ctx, { fromDay, toDay, group: sqlGroup, tagKey: sqlTagKey, byDay: true, filter: p.filter }) : [];
  const transferGroups = few ? byGroupDay : await transferUsage(ctx, { fromDay, toDay, group: "seq", byDay: false, filter: p.filter });
  const transferDays = few ? byGroupDay : await transferUsage(ctx, { fromDay, toDay, group: "all", byDay: true, filter: p.filter });

  const groups = new Map<string, Acc>();
  const g = (k: string) => groups.get(k) ?? groups.set(k, newAcc()).get(k)!;
  // Days as arrays indexed from the first day of the period: a year of them is cheap.
  const span = toDay - fromDay;
  const days = Array.from({ length: span }, newAcc);
  const d = (day: number) => days[day - fromDay];
  const perGroupDay = new Map<string, bigint[]>();
  const pgd = (group: string, day: number, micros: bigint) => {
    const arr = perGroupDay.get(group) ?? perGroupDay.set(group, new Array<bigint>(span).fill(0n)).get(group)!;
    arr[day - fromDay] += micros;
  };

  const computeKey = (c: Charge, day: number) => groupOf(p, byId.get(c.id), day);
  for (const c of compute) {
    const n = BigInt(c.days);
    if (p.groupBy === "day") {
      for (let day = c.day; day < c.day + c.days; day++) {
        const a = g(isoDay(day));
        a.micros.compute += c.micros;
        a.hours += c.seconds / 3600;
      }
    } else {
      const a = g(computeKey(c, c.day));
      a.micros.compute += c.micros * n;
      a.hours += (c.seconds * c.days) / 3600;
    }
    for (let day = c.day; day < c.day + c.days; day++) {
      const a = d(day);
      a.micros.compute += c.micros;
      a.hours += c.seconds / 3600;
    }
  }
  for (const c of eip) {
    for (let day = c.day; day < c.day + c.days; day++) {
      const key = p.groupBy === "day" ? isoDay(day) : p.groupBy === "category" ? "all" : EIP_GROUP;
      for (const a of [g(key), d(day)]) {
        a.micros.eip += c.micros;
        a.eipHours += c.seconds / 3600;
      }
    }
  }
  const keyOfTransfer = (t: { group: string; day: number | null }) =>
    p.groupBy === "instance" ? (bySeq.get(t.group)?.id ?? `seq:${t.group}`) : p.groupBy === "day" ? isoDay(t.day!) : p.groupBy === "category" ? "all" : t.group;
  for (const t of transferGroups) {
    const a = g(keyOfTransfer(t));
    a.micros.transferIn += t.inMicros;
    a.micros.transferOut += t.outMicros;
    a.bytesIn += t.bytesIn;
    a.bytesOut += t.bytesOut;
    a.bytesInternal += t.bytesInternal;
  }
  for (const t of transferDays) {
    const a = d(t.day!);
    a.micros.transferIn += t.inMicros;
    a.micros.transferOut += t.outMicros;
    a.bytesIn += t.bytesIn;
    a.bytesOut += t.bytesOut;
    a.bytesInternal += t.bytesInternal;
  }

  // The chart's series: by category, or the biggest groups (the rest is "Other").
  let top: string[] = [];
  if (p.groupBy === "category") {
    days.forEach((a, i) => {
      for (const c of CATEGORIES) pgd(c, fromDay + i, a.micros[c]);
    });
  } else {
    top = [...groups].sort((a, b) => (totalOf(b[1]) > totalOf(a[1]) ? 1 : -1)).slice(0, CHART_GROUPS).map(([k]) => k);
    const wanted = new Set(top);
    for (const c of compute)
      for (let day = c.day; day < c.day + c.days; day++) {
        const key = computeKey(c, day);
        if (wanted.has(key)) pgd(key, day, c.micros);
      }
    for (const c of eip)
      for (let day = c.day; day < c.day + c.days; day++) {
        const key = p.groupBy === "day" ? isoDay(day) : EIP_GROUP;
        if (wanted.has(key)) pgd(key, day, c.micros);
      }
    const series = few
      ? byGroupDay
      : await transferUsage(ctx, { fromDay, toDay, group: "seq", byDay: true, filter: p.filter, onlyGroups: top.map((id) => byId.get(id)?.seq).filter((x): x is number => x != null).map(String) });
    for (const t of series) {
      const key = keyOfTransfer(t);
      if (wanted.has(key)) pgd(key, t.day!, t.inMicros + t.outMicros);
    }
  }
  return { groups, days, fromDay, perGroupDay, top, instances: byId, book };
}

const money = (m: bigint) => toDecimal(m);
const gb = (b: bigint) => (Number(b) / 2 ** 30).toFixed(6).replace(/\.?0+$/, "") || "0";

function view(a: Acc) {
  return {
    compute: money(a.micros.compute),
    transferIn: money(a.micros.transferIn),
    transferOut: money(a.micros.transferOut),
    eip: money(a.micros.eip),
    total: money(totalOf(a)),
    totalMicros: totalOf(a).toString(),
    hours: Number(a.hours.toFixed(6)),
    gbIn: gb(a.bytesIn),
    gbOut: gb(a.bytesOut),
    gbInternal: gb(a.bytesInternal),
    eipHours: Number(a.eipHours.toFixed(6)),
  };
}

function sumAll(list: Iterable<Acc>): Acc {
  const t = newAcc();
  for (const a of list) {
    for (const c of CATEGORIES) t.micros[c] += a.micros[c];
    t.hours += a.hours;
    t.bytesIn += a.bytesIn;
    t.bytesOut += a.bytesOut;
    t.bytesInternal += a.bytesInternal;
    t.eipHours += a.eipHours;
  }
  return t;
}

function label(p: Period, key: string, instances: Map<string, UsageInstance>): string {
  if (p.groupBy === "instance") {
    const i = instances.get(key);
    return i?.name ? `${i.name} (${key})` : key;
  }
  if (p.groupBy === "tag") return key === "" ? `(no ${p.tagKey} tag)` : key;
  if (p.groupBy === "group") return key === "" ? "(not in an instance group)" : key;
  if (p.groupBy === "category") return "All";
  return key;
}

/** Month-end forecast: this month so far, plus the instances running now and the recent run rate for the rest. */
export async function forecastMonth(ctx: Ctx, filter?: Filter) {
  const now = ctx.clock.now();
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const p: Period = { from: start, to: end, groupBy: "category", filter };
  const a = await aggregate(ctx, p);
  const actual = sumAll(a.days);
  const remainingMs = end.getTime() - now.getTime();
  const elapsedMs = Math.max(HOUR_MS, now.getTime() - start.getTime());
  // Compute: what the instances running now will cost until month end, at today's rates.
  let compute = 0n;
  const mode = a.book.mode(now.getTime());
  for (const inst of a.instances.values()) {
    if (inst.state !== "running" && inst.state !== "pending") continue;
    const rate = a.book.rate("instance-hour", inst.type, now.getTime()) ?? 0n;
    compute += mode === "hourly" ? BigInt(Math.ceil(remainingMs / HOUR_MS)) * rate : (BigInt(remainingMs) * rate) / 3_600_000n;
  }
  // Transfer and idle addresses: the month's run rate so far.
  const runRate = (m: bigint) => (m * BigInt(remainingMs)) / BigInt(elapsedMs);
  const rest = runRate(actual.micros.transferIn) + runRate(actual.micros.transferOut) + runRate(actual.micros.eip);
  const actualTotal = totalOf(actual);
  return { month: start.toISOString().slice(0, 7), actualMicros: actualTotal, forecastMicros: actualTotal + compute + rest, asOf: now.toISOString() };
}

export async function buildReport(ctx: Ctx, p: Period, compare: boolean) {
  const a = await aggregate(ctx, p);
  if (p.groupBy === "tag" && [...a.groups.keys()].every((k) => k === "" || k === EIP_GROUP)) {
    const any = await ctx.db.tag.count({ where: { teamId: ctx.team.id, key: p.tagKey, resourceId: { startsWith: "i-" } } });
    if (any === 0) throw new ServiceError("InvalidParameterValue", `No instance has a "${p.tagKey}" tag: there is nothing to group by. Tag some instances first.`, "groupBy");
  }
  const totals = sumAll(a.days);
  const groups = [...a.groups]
    .map(([key, acc]) => ({ key, label: label(p, key, a.instances), ...view(acc) }))
    .sort((x, y) => (BigInt(y.totalMicros) > BigInt(x.totalMicros) ? 1 : BigInt(y.totalMicros) < BigInt(x.totalMicros) ? -1 : x.key.localeCompare(y.key)));
  const { fromDay, toDay } = dayRange(p.from, p.to);
  const seriesKeys = p.groupBy === "category" ? [...CATEGORIES] : a.top;
  const daily = [];
  for (let day = fromDay; day < toDay; day++) {
    const acc = a.days[day - a.fromDay];
    const series: Record<string, string> = {};
    let other = totalOf(acc);
    for (const k of seriesKeys) {
      const v = a.perGroupDay.get(k)?.[day - a.fromDay] ?? 0n;
      series[k] = money(v);
      other -= v;
    }
    if (p.groupBy !== "category" && other > 0n) series.Other = money(other);
    daily.push({ day: isoDay(day), ...view(acc), series });
  }
  let previous = null;
  const range = { from: p.from.toISOString().slice(0, 10), to: p.to.toISOString().slice(0, 10) };
  if (compare) {
    // A month is compared with the calendar month before, a quarter with the quarter before (periods.ts).
    const before = previousPeriod(range);
    const prev: Period = { from: new Date(`${before.from}T00:00:00Z`), to: new Date(`${before.to}T00:00:00Z`), groupBy: "category", filter: p.filter };
    const pa = await aggregate(ctx, prev);
    const pt = totalOf(sumAll(pa.days));
    const cur = totalOf(totals);
    previous = {
      from: before.from,
      to: before.to,
      label: periodLabel(before),
      ...view(sumAll(pa.days)),
      change: money(cur - pt),
      changePercent: pt === 0n ? null : Number(((cur - pt) * 10000n) / pt) / 100,
    };
  }
  const now = ctx.clock.now();
  // The month-end forecast goes with any period that reaches into this month. (Not
  // "now < to": under time warp a page's "to date" period falls behind the clock
  // between its refreshes, and the forecast would come and go.)
  const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const forecast = now >= p.from && p.to.getTime() > monthStart ? await forecastMonth(ctx, p.filter) : null;
  return {
    from: range.from,
    to: range.to,
    label: periodLabel(range, ctx.clock.now().toISOString()),
    groupBy: p.tagKey ? `tag:${p.tagKey}` : p.groupBy,
    filter: p.filter ? `${p.filter.kind}:${p.filter.value}` : null,
    currency: "USD",
    billingMode: a.book.mode(now.getTime()),
    totals: view(totals),
    groups,
    seriesKeys: p.groupBy === "category" ? [...CATEGORIES] : [...a.top, ...(daily.some((d) => d.series.Other) ? ["Other"] : [])],
    daily,
    previous,
    forecast: forecast ? { month: forecast.month, actual: money(forecast.actualMicros), forecast: money(forecast.forecastMicros) } : null,
    asOf: now.toISOString(),
  };
}

export type CostReport = Awaited<ReturnType<typeof buildReport>>;

export const costReport = defineVerb({
  kind: "read",
  name: "GetCostReport",
  permission: "costs.read",
  input: reportSchema,
  async run({ ctx, input }) {
    // One instant for the whole report: under time warp the clock moves between queries.
    const at = ctx.clock.now();
    return buildReport({ ...ctx, clock: { now: () => new Date(at), speed: ctx.clock.speed } }, parsePeriod(input), input.compare);
  },
});

export { splitTag, DAY_MS };
