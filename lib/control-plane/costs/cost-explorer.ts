// Cost Explorer (served over the AWS JSON 1.1 protocol): GetCostAndUsage and
// GetCostForecast, from the same line items as the Costs page (so the CLI and
// the page agree to the micro-dollar).
import { z } from "zod";
import type { Ctx } from "../context";
import { ServiceError } from "../../errors";
import { defineVerb } from "../verb";
import { groupDayCells, type Cell } from "./export";
import { parsePeriod, EIP_GROUP, type Period } from "./report";
import { computeUsage, eipUsage, teamBook, usageInstances } from "./usage";
import { readRows } from "../../sql/read-rows";
import { Prisma } from "../../generated/prisma/client";
import { toDecimal } from "../../money";
import { chargeTotal, DAY_MS, HOUR_MS, GIB, roundDiv } from "../../billing/engine";

const METRICS = ["UnblendedCost", "BlendedCost", "AmortizedCost", "NetUnblendedCost", "NetAmortizedCost", "UsageQuantity"];
const DIMENSIONS = ["INSTANCE_TYPE", "USAGE_TYPE", "RESOURCE_ID", "SERVICE"];
const SERVICE = "Amazon Elastic Compute Cloud - Compute";

const expression = z.lazy(() =>
  z.object({
    Dimensions: z.object({ Key: z.string(), Values: z.array(z.string()) }).optional(),
    Tags: z.object({ Key: z.string(), Values: z.array(z.string()).optional() }).optional(),
    And: z.array(z.any()).optional(),
  }),
);

const usageSchema = z.object({
  TimePeriod: z.object({ Start: z.string(), End: z.string() }, { message: "TimePeriod with Start and End is required." }),
  Granularity: z.enum(["DAILY", "MONTHLY", "HOURLY"], { message: "Granularity must be DAILY, MONTHLY or HOURLY." }),
  Metrics: z.array(z.string()).min(1, "At least one metric is required."),
  GroupBy: z.array(z.object({ Type: z.enum(["DIMENSION", "TAG", "COST_CATEGORY"], { message: "GroupBy Type must be DIMENSION, TAG or COST_CATEGORY." }), Key: z.string() })).max(2, "You can group by at most two keys: dimensions or tags.").optional(),
  Filter: expression.optional(),
  NextPageToken: z.string().optional(),
});

function validation(message: string): ServiceError {
  return new ServiceError("ValidationError", message);
}

interface Bucket {
  start: number;
  end: number;
  groups: Map<string, { micros: bigint; quantity: number; unit: string }>;
}

/** The CE usage types of a cell of a given instance type (or of the Elastic IPs). */
function usageTypes(group: string, c: Cell): [string, bigint, number, string][] {
  if (group === EIP_GROUP) return [["ElasticIP:IdleAddress", c.eip, c.eipHours, "Hrs"]];
  return [
    [`BoxUsage:${group}`, c.compute, c.hours, "Hrs"],
    ["DataTransfer-In-Bytes", c.inUsd, Number(c.bytesIn) / 2 ** 30, "GB"],
    ["DataTransfer-Out-Bytes", c.outUsd, Number(c.bytesOut) / 2 ** 30, "GB"],
    ["DataTransfer-Regional-Bytes", 0n, Number(c.bytesInternal) / 2 ** 30, "GB"],
  ];
}

function parseFilter(f: z.infer<typeof expression> | undefined): { filter?: string; usageTypes?: string[] } {
  if (!f) return {};
  if (f.And) {
    if (f.And.length > 2) throw validation("Stratus supports And with at most two expressions.");
    const parts = f.And.map((x) => parseFilter(expression.parse(x)));
    const filters = parts.map((p) => p.filter).filter(Boolean);
    if (filters.length > 1) throw validation("Stratus filters by one dimension or tag, plus USAGE_TYPE.");
    return { filter: filters[0], usageTypes: parts.find((p) => p.usageTypes)?.usageTypes };
  }
  if (f.Dimensions) {
    const { Key, Values } = f.Dimensions;
    if (!DIMENSIONS.includes(Key)) throw validation(`Unsupported dimension ${Key}: use ${DIMENSIONS.join(", ")}.`);
    if (Key === "USAGE_TYPE") return { usageTypes: Values };
    if (Key === "SERVICE") return Values.includes(SERVICE) ? {} : { filter: "instance:none" };
    if (Values.length !== 1) throw validation(`Filter on ${Key} with exactly one value.`);
    return { filter: `${Key === "INSTANCE_TYPE" ? "type" : "instance"}:${Values[0]}` };
  }
  if (f.Tags) {
    const v = f.Tags.Values ?? [];
    if (v.length > 1) throw validation("Filter on a tag with one value (or none, for any value).");
    return { filter: `tag:${f.Tags.Key}${v.length ? `=${v[0]}` : ""}` };
  }
  throw validation("The filter must use Dimensions, Tags or And.");
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

async function hourlyCells(ctx: Ctx, from: number, to: number, kind: "type" | "instance" | "all", filter?: string) {
  // Per hour from the state history and the hourly metering rows (kept 14 days).
  const oldest = ctx.clock.now().getTime() - 14 * DAY_MS;
  if (from < Math.floor(oldest / HOUR_MS) * HOUR_MS) throw validation("HOURLY granularity is available for the last 14 days only.");
  if (to - from > 14 * DAY_MS) throw validation("HOURLY granularity covers at most 14 days.");
  const [fk, fv] = filter ? [filter.slice(0, filter.indexOf(":")), filter.slice(filter.indexOf(":") + 1)] : [];
  const f = fk ? { kind: fk as "type", value: fv! } : undefined;
  const book = await teamBook(ctx);
  const instances = await usageInstances(ctx, new Date(from), new Date(to), f);
  const byId = new Map(instances.map((i) => [i.id, i]));
  const bySeq = new Map(instances.filter((i) => i.seq !== null).map((i) => [i.seq!, i]));
  const out: { start: number; group: string; cell: Cell }[] = [];
  const keyOf = (id: string) => (kind === "type" ? byId.get(id)?.type ?? "" : kind === "instance" ? id : "all");
  const transfer = await readRows<{ instanceSeq: number | bigint; hour: number | bigint; bytesIn: bigint; bytesOut: bigint; bytesInternal: bigint; inExact: bigint; outExact: bigint }>(
    ctx.db,
    Prisma.sql`SELECT "instanceSeq", "hour", "bytesIn", "bytesOut", "bytesInternal", "inExact", "outExact" FROM "TrafficHour" WHERE "hour" >= ${from / HOUR_MS} AND "hour" < ${to / HOUR_MS}`,
  );
  for (let h = from; h < to; h += HOUR_MS) {
    const cells = new Map<string, Cell>();
    const cell = (g: string) => cells.get(g) ?? cells.set(g, { hours: 0, compute: 0n, bytesIn: 0n, inUsd: 0n, bytesOut: 0n, outUsd: 0n, bytesInternal: 0n, eipHours: 0, eip: 0n }).get(g)!;
    for (const c of await computeUsage(ctx, instances, book, new Date(h), new Date(h + HOUR_MS))) {
      const x = cell(keyOf(c.id));
      x.compute += chargeTotal(c);
      x.hours += (c.seconds * c.days) / 3600;
    }
    if (!f) for (const c of await eipUsage(ctx, book, new Date(h), new Date(h + HOUR_MS))) {
      const x = cell(kind === "all" ? "all" : EIP_GROUP);
      x.eip += chargeTotal(c);
      x.eipHours += (c.seconds * c.days) / 3600;
    }
    for (const t of transfer) {
      if (Number(t.hour) * HOUR_MS !== h) continue;
      const inst = bySeq.get(Number(t.instanceSeq));
      if (!inst) continue;
      const x = cell(keyOf(inst.id));
      x.bytesIn += BigInt(t.bytesIn);
      x.bytesOut += BigInt(t.bytesOut);
      x.bytesInternal += BigInt(t.bytesInternal);
      x.inUsd += roundDiv(BigInt(t.inExact), GIB);
      x.outUsd += roundDiv(BigInt(t.outExact), GIB);
    }
    for (const [group, c] of cells) out.push({ start: h, group, cell: c });
  }
  return out;
}

export const getCostAndUsage = defineVerb({
  kind: "read",
  name: "GetCostAndUsage",
  permission: "costs.read",
  input: usageSchema,
  async run({ ctx, input }) {
    for (const m of input.Metrics) if (!METRICS.includes(m)) throw validation(`Unsupported metric ${m}: use ${METRICS.join(", ")}.`);
    const groupBy = input.GroupBy ?? [];
    for (const x of groupBy) {
      if (x.Type === "COST_CATEGORY") throw validation("Cost categories are not supported.");
      if (x.Type === "DIMENSION" && !DIMENSIONS.includes(x.Key)) throw validation(`Unsupported GroupBy dimension ${x.Key}: use ${DIMENSIONS.join(", ")}.`);
    }
    if (groupBy.length === 2 && groupBy[0].Type === groupBy[1].Type && groupBy[0].Key === groupBy[1].Key) throw validation(`GroupBy names ${groupBy[0].Type} ${groupBy[0].Key} twice: give two different keys.`);
    const g = groupBy.length === 1 ? groupBy[0] : undefined;
    const { filter, usageTypes: onlyUsage } = parseFilter(input.Filter);
    const hourly = input.Granularity === "HOURLY";
    const parse = (s: string, field: string) => {
      const t = Date.parse(hourly && /T/.test(s) ? s : `${s.slice(0, 10)}T00:00:00Z`);
      if (Number.isNaN(t) || (!hourly && !/^\d{4}-\d{2}-\d{2}$/.test(s))) throw validation(`${field} must be a date, YYYY-MM-DD${hourly ? " (or YYYY-MM-DDThh:mm:ssZ for HOURLY)" : ""}.`);
      return t;
    };
    const start = parse(input.TimePeriod.Start, "Start");
    const end = parse(input.TimePeriod.End, "End");
    if (end <= start) throw validation("Start must be before End (End is not included).");
    // As AWS: data runs to the start of next month at the latest.
    const now = ctx.clock.now();
    const nextMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
    if (end > nextMonth) throw validation(`end date past the beginning of next month: End is at most ${day(nextMonth)}.`);
    const kind = g?.Type === "TAG" ? `tag:${g.Key}` : g?.Key === "INSTANCE_TYPE" || g?.Key === "USAGE_TYPE" || onlyUsage ? "type" : g?.Key === "RESOURCE_ID" ? "instance" : "category";

    // Buckets of the granularity.
    const buckets: Bucket[] = [];
    for (let t = start; t < end; ) {
      const d = new Date(t);
      const next = hourly ? t + HOUR_MS : input.Granularity === "DAILY" ? t + DAY_MS : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
      buckets.push({ start: t, end: Math.min(next, end), groups: new Map() });
      t = Math.min(next, end);
    }
    const bucketOf = (ms: number) => buckets.find((b) => b.start <= ms && ms < b.end)!;
    const add = (ms: number, key: string, micros: bigint, quantity: number, unit: string) => {
      const b = bucketOf(ms);
      if (!b) return;
      const cur = b.groups.get(key) ?? b.groups.set(key, { micros: 0n, quantity: 0, unit }).get(key)!;
      cur.micros += micros;
      cur.quantity += quantity;
      if (cur.unit !== unit) cur.unit = "N/A";
    };
    const take = (time: number, group: string, c: Cell) => {
      const rows = kind === "type" || onlyUsage ? usageTypes(group, c) : [["", c.compute + c.inUsd + c.outUsd + c.eip, c.hours, "Hrs"] as [string, bigint, number, string]];
      for (const [usage, micros, qty, unit] of rows) {
        if (onlyUsage && !onlyUsage.includes(usage)) continue;
        const key = g?.Key === "USAGE_TYPE" ? usage : g?.Type === "TAG" ? `${g.Key}$${group === "" || group === EIP_GROUP ? "" : group}` : g ? (group === "all" ? "" : group) : "";
        add(time, key, micros, qty, unit);
      }
    };
    if (groupBy.length === 2) {
      // Two keys: cells per instance, each keyed by both of its groups.
      const insts = new Map((await usageInstances(ctx, new Date(start), new Date(end), filter ? { kind: filter.slice(0, filter.indexOf(":")) as "type", value: filter.slice(filter.indexOf(":") + 1) } : undefined)).map((i) => [i.id, i]));
      const needUsage = groupBy.some((x) => x.Key === "USAGE_TYPE") || onlyUsage;
      const keyFor = (x: { Type: string; Key: string }, group: string, usage: string) => {
        const inst = insts.get(group);
        if (x.Type === "TAG") return `${x.Key}$${inst?.tags[x.Key] ?? ""}`;
        if (x.Key === "USAGE_TYPE") return usage;
        if (x.Key === "SERVICE") return SERVICE;
        if (group === EIP_GROUP || !inst) return EIP_GROUP;
        return x.Key === "INSTANCE_TYPE" ? inst.type : inst.id;
      };
      const takeBoth = (time: number, group: string, c: Cell) => {
        const type = group === EIP_GROUP ? EIP_GROUP : (insts.get(group)?.type ?? EIP_GROUP);
        const rows = needUsage ? usageTypes(type, c) : [["", c.compute + c.inUsd + c.outUsd + c.eip, c.hours, "Hrs"] as [string, bigint, number, string]];
        for (const [usage, micros, qty, unit] of rows) {
          if (onlyUsage && !onlyUsage.includes(usage)) continue;
          add(time, JSON.stringify([keyFor(groupBy[0], group, usage), keyFor(groupBy[1], group, usage)]), micros, qty, unit);
        }
      };
      if (hourly) for (const c of await hourlyCells(ctx, start, end, "instance", filter)) takeBoth(c.start, c.group, c.cell);
      else {
        const p: Period = parsePeriod({ from: day(start), to: day(end), groupBy: "instance", filter, compare: false });
        for await (const c of groupDayCells(ctx, p)) takeBoth(c.day * DAY_MS, c.group, c.cell);
      }
    } else if (hourly) {
      for (const c of await hourlyCells(ctx, start, end, kind === "instance" ? "instance" : kind === "type" ? "type" : "all", filter)) take(c.start, c.group, c.cell);
    } else {
      const p: Period = parsePeriod({ from: day(start), to: day(end), groupBy: kind, filter, compare: false });
      for await (const c of groupDayCells(ctx, p)) take(c.day * DAY_MS, c.group, c.cell);
    }
    const metricsOf = (v: { micros: bigint; quantity: number; unit: string }) =>
      Object.fromEntries(input.Metrics.map((m) => [m, m === "UsageQuantity" ? { Amount: String(Number(v.quantity.toFixed(6))), Unit: v.unit } : { Amount: toDecimal(v.micros), Unit: "USD" }]));
    const today = ctx.clock.now().getTime();
    const fmt = (ms: number) => (hourly ? new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z") : day(ms));
    return {
      GroupDefinitions: groupBy.length ? groupBy.map((x) => ({ Type: x.Type, Key: x.Key })) : undefined,
      ResultsByTime: buckets.map((b) => {
        const sum = [...b.groups.values()].reduce((a, v) => ({ micros: a.micros + v.micros, quantity: a.quantity + v.quantity, unit: a.unit === v.unit || a.unit === "" ? v.unit : "N/A" }), { micros: 0n, quantity: 0, unit: "" });
        return {
          TimePeriod: { Start: fmt(b.start), End: fmt(b.end) },
          Total: groupBy.length ? {} : metricsOf({ ...sum, unit: sum.unit || "N/A" }),
          Groups: groupBy.length
            ? [...b.groups].filter(([, v]) => v.micros !== 0n || v.quantity !== 0).sort(([a], [c]) => a.localeCompare(c)).map(([key, v]) => ({ Keys: groupBy.length === 2 ? (JSON.parse(key) as string[]) : [key], Metrics: metricsOf(v) }))
            : [],
          Estimated: b.end > today,
        };
      }),
      DimensionValueAttributes: [],
    };
  },
});

const forecastSchema = z.object({
  TimePeriod: z.object({ Start: z.string(), End: z.string() }, { message: "TimePeriod with Start and End is required." }),
  Metric: z.enum(["UNBLENDED_COST", "BLENDED_COST", "AMORTIZED_COST", "NET_UNBLENDED_COST", "NET_AMORTIZED_COST"], { message: "Metric must be UNBLENDED_COST (or another cost metric)." }),
  Granularity: z.enum(["DAILY", "MONTHLY"], { message: "Granularity must be DAILY or MONTHLY." }),
  Filter: expression.optional(),
  PredictionIntervalLevel: z.number().optional(),
});

export const getCostForecast = defineVerb({
  kind: "read",
  name: "GetCostForecast",
  permission: "costs.read",
  input: forecastSchema,
  async run({ ctx, input }) {
    const start = Date.parse(`${input.TimePeriod.Start}T00:00:00Z`);
    const end = Date.parse(`${input.TimePeriod.End}T00:00:00Z`);
    const now = ctx.clock.now().getTime();
    const today = Math.floor(now / DAY_MS) * DAY_MS;
    if (Number.isNaN(start) || Number.isNaN(end)) throw validation("Start and End must be dates, YYYY-MM-DD.");
    if (end <= start) throw validation("Start must be before End.");
    if (start < today) throw validation(`A forecast starts today (${day(today)}) or later.`);
    const { filter } = parseFilter(input.Filter);
    // The run rate: the instances running now at today's prices, plus the last week's data and idle addresses per day.
    const p = parsePeriod({ from: day(today - 7 * DAY_MS), to: day(today), groupBy: "category", filter, compare: false });
    let otherWeek = 0n;
    for await (const c of groupDayCells(ctx, p)) otherWeek += c.cell.inUsd + c.cell.outUsd + c.cell.eip;
    const book = await teamBook(ctx);
    const running = (await usageInstances(ctx, new Date(today), new Date(today + DAY_MS), filter ? { kind: filter.slice(0, filter.indexOf(":")) as "type", value: filter.slice(filter.indexOf(":") + 1) } : undefined)).filter((i) => i.state === "running" || i.state === "pending");
    const computePerDay = running.reduce((s, i) => s + 24n * (book.rate("instance-hour", i.type, now) ?? 0n), 0n);
    const perDay = computePerDay + otherWeek / 7n;
    const periods: { start: number; end: number }[] = [];
    for (let t = start; t < end; ) {
      const d = new Date(t);
      const next = input.Granularity === "DAILY" ? t + DAY_MS : Math.min(end, Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
      periods.push({ start: t, end: Math.min(next, end) });
      t = Math.min(next, end);
    }
    const value = (ms: number) => (perDay * BigInt(Math.round(ms / DAY_MS))) as bigint;
    const total = periods.reduce((s, x) => s + value(x.end - x.start), 0n);
    return {
      Total: { Amount: toDecimal(total), Unit: "USD" },
      ForecastResultsByTime: periods.map((x) => ({ TimePeriod: { Start: day(x.start), End: day(x.end) }, MeanValue: toDecimal(value(x.end - x.start)) })),
    };
  },
});

export const CE_TARGETS: Record<string, typeof getCostAndUsage | typeof getCostForecast> = {
  "AWSInsightsIndexService.GetCostAndUsage": getCostAndUsage,
  "AWSInsightsIndexService.GetCostForecast": getCostForecast,
};
