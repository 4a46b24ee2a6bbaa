// CSV of a breakdown: one row per group per day, exact decimals. Streamed in
// chunks of instances, so a year by instance and day stays small in memory.
import { defineVerb } from "../verb";
import { reportSchema, parsePeriod, EIP_GROUP, GROUP_TAG, type Period } from "./report";
import { computeUsage, eipUsage, teamBook, transferUsage, usageInstances, dayRange, type UsageInstance, type TransferRow } from "./usage";
import { isoDay, type Charge } from "../../billing/engine";
import { toDecimal } from "../../money";
import type { Ctx } from "../context";

export const CSV_HEADER = ["group", "day", "instance_hours", "compute_usd", "data_in_gb", "data_in_usd", "data_out_gb", "data_out_usd", "data_internal_gb", "eip_idle_hours", "eip_usd", "total_usd"];

export interface Cell {
  hours: number;
  compute: bigint;
  bytesIn: bigint;
  inUsd: bigint;
  bytesOut: bigint;
  outUsd: bigint;
  bytesInternal: bigint;
  eipHours: number;
  eip: bigint;
}

const cell = (): Cell => ({ hours: 0, compute: 0n, bytesIn: 0n, inUsd: 0n, bytesOut: 0n, outUsd: 0n, bytesInternal: 0n, eipHours: 0, eip: 0n });
const gb = (b: bigint) => {
  // exact: bytes / 2^30 has a finite decimal expansion; 9 places is enough to tell bytes apart at this scale
  const whole = b >> 30n;
  const frac = ((b & ((1n << 30n) - 1n)) * 1_000_000_000n) >> 30n;
  return `${whole}.${frac.toString().padStart(9, "0")}`.replace(/0+$/, "").replace(/\.$/, "");
};
const hrs = (h: number) => String(Number(h.toFixed(6)));

function row(group: string, day: number, c: Cell): string[] {
  const total = c.compute + c.inUsd + c.outUsd + c.eip;
  return [group, isoDay(day), hrs(c.hours), toDecimal(c.compute), gb(c.bytesIn), toDecimal(c.inUsd), gb(c.bytesOut), toDecimal(c.outUsd), gb(c.bytesInternal), hrs(c.eipHours), toDecimal(c.eip), toDecimal(total)];
}

function keyOf(p: Period, inst: UsageInstance, day: number): string {
  switch (p.groupBy) {
    case "instance":
      return inst.id;
    case "type":
      return inst.type;
    case "member":
      return inst.launchedBy;
    case "image":
      return inst.imageId;
    case "tag":
      return inst.tags[p.tagKey!] ?? "";
    case "group":
      return inst.tags[GROUP_TAG] ?? "";
    case "day":
      return isoDay(day);
    default:
      return "all";
  }
}

type GroupDay = { group: string; day: number; cell: Cell };

/** Every (group, day) of the period with its amounts: the line items summed per group and day. */
export async function* groupDayCells(ctx: Ctx, p: Period): AsyncGenerator<GroupDay> {
  for await (const batch of groupDayBatches(ctx, p)) yield* batch;
}

/** The same, a batch at a time (a year by instance and day is 350,000 cells: one await each would cost more than the sums). */
export async function* groupDayBatches(ctx: Ctx, p: Period): AsyncGenerator<GroupDay[]> {
  const book = await teamBook(ctx);
  const instances = await usageInstances(ctx, p.from, p.to, p.filter);
  const { fromDay, toDay } = dayRange(p.from, p.to);
  const merged = new Map<string, Map<number, Cell>>();
  const at = (g: string, d: number) => {
    const m = merged.get(g) ?? merged.set(g, new Map()).get(g)!;
    return m.get(d) ?? m.set(d, cell()).get(d)!;
  };
  const flush = (): GroupDay[] => {
    const out: GroupDay[] = [];
    for (const g of [...merged.keys()].sort()) for (const d of [...merged.get(g)!.keys()].sort((a, b) => a - b)) out.push({ group: g, day: d, cell: merged.get(g)!.get(d)! });
    merged.clear();
    return out;
  };
  const streaming = p.groupBy === "instance";
  instances.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  for (let i = 0; i < instances.length; i += 100) {
    const chunk = instances.slice(i, i + 100);
    const byId = new Map(chunk.map((x) => [x.id, x]));
    const bySeq = new Map(chunk.filter((x) => x.seq !== null).map((x) => [String(x.seq), x]));
    const compute: Charge[] = await computeUsage(ctx, chunk, book, p.from, p.to);
    for (const c of compute)
      for (let day = c.day; day < c.day + c.days; day++) {
        const x = at(keyOf(p, byId.get(c.id)!, day), day);
        x.hours += c.seconds / 3600;
        x.compute += c.micros;
      }
    const seqs = chunk.map((x) => x.seq).filter((x): x is number => x !== null).map(String);
    const transfer: TransferRow[] = seqs.length ? await transferUsage(ctx, { fromDay, toDay, group: "seq", byDay: true, filter: p.filter, onlyGroups: seqs }) : [];
    for (const t of transfer) {
      const inst = bySeq.get(t.group);
      if (!inst) continue;
      const x = at(keyOf(p, inst, t.day!), t.day!);
      x.bytesIn += t.bytesIn;
      x.inUsd += t.inMicros;
      x.bytesOut += t.bytesOut;
      x.outUsd += t.outMicros;
      x.bytesInternal += t.bytesInternal;
    }
    if (streaming) yield flush();
  }
  if (!p.filter || p.filter.kind === "day") {
    for (const c of await eipUsage(ctx, book, p.from, p.to))
      for (let day = c.day; day < c.day + c.days; day++) {
        if (p.filter?.kind === "day" && isoDay(day) !== p.filter.value) continue;
        const x = at(p.groupBy === "day" ? isoDay(day) : p.groupBy === "category" ? "all" : EIP_GROUP, day);
        x.eipHours += c.seconds / 3600;
        x.eip += c.micros;
      }
  }
  yield flush();
}

/** CSV rows, a batch at a time. */
async function* rowsOf(ctx: Ctx, p: Period): AsyncGenerator<string[][]> {
  for await (const batch of groupDayBatches(ctx, p)) if (batch.length) yield batch.map((c) => row(c.group, c.day, c.cell));
}

export const exportCosts = defineVerb({
  kind: "read",
  name: "ExportCosts",
  permission: "costs.export",
  input: reportSchema,
  async run({ ctx, input }) {
    const p = parsePeriod(input);
    return () => rowsOf(ctx, p);
  },
});
