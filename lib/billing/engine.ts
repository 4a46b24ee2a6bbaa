// The cost engine: pure functions from usage (billable intervals, idle
// Elastic IP intervals, metered bytes) and the price book to exact charges.
// Money is integer micro-dollars; exact intermediate amounts are BigInt
// numerators over a fixed denominator, rounded half-up once per line item
// (one instance, one UTC day, one category), so every breakdown of a period
// sums to the same total.
import type { RateRow } from "./price-book";

export type BillingMode = "hourly" | "per-second";
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const GIB = 1n << 30n;
/** Exact amounts over time are numerators over this: micro-dollars per hour × milliseconds. */
const MS_PER_HOUR = 3_600_000n;

export const dayOf = (ms: number) => Math.floor(ms / DAY_MS);
export const dayStart = (day: number) => day * DAY_MS;
export const isoDay = (day: number) => new Date(dayStart(day)).toISOString().slice(0, 10);

/** Rounds a non-negative numerator over `den` to the nearest integer, halves up. */
export const roundDiv = (num: bigint, den: bigint) => (num + den / 2n) / den;

// ---------- the price book in force ----------

export class Book {
  private timelines = new Map<string, { t: number; micros: bigint }[]>();

  constructor(readonly rates: RateRow[]) {}

  /** The rates of one kind and key in effective order (cached: reports ask millions of times). */
  private timeline(kind: string, key: string): { t: number; micros: bigint }[] {
    const k = `${kind}\u0000${key}`;
    let tl = this.timelines.get(k);
    if (!tl) {
      tl = this.rates.filter((r) => r.kind === kind && r.key === key).map((r) => ({ t: r.effectiveFrom.getTime(), micros: r.micros })).sort((a, b) => a.t - b.t);
      this.timelines.set(k, tl);
    }
    return tl;
  }

  private latest(kind: string, key: string | null, at: number): RateRow | null {
    let best: RateRow | null = null;
    for (const r of this.rates) {
      if (r.kind !== kind || (key !== null && r.key !== key) || r.effectiveFrom.getTime() > at) continue;
      if (!best || r.effectiveFrom > best.effectiveFrom) best = r;
    }
    return best;
  }

  rate(kind: string, key: string, at: number): bigint | null {
    const tl = this.timeline(kind, key);
    let found: bigint | null = null;
    for (const r of tl) {
      if (r.t > at) break;
      found = r.micros;
    }
    return found;
  }

  mode(at: number): BillingMode {
    return (this.latest("billing-mode", null, at)?.key as BillingMode | undefined) ?? "hourly";
  }

  /** The transfer-out tiers in force: the schedule written with the latest effective date. */
  tiers(at: number): { fromBytes: bigint; micros: bigint }[] {
    const newest = this.latest("transfer-out", null, at);
    if (!newest) return [];
    return this.rates
      .filter((r) => r.kind === "transfer-out" && r.effectiveFrom.getTime() === newest.effectiveFrom.getTime())
      .map((r) => ({ fromBytes: BigInt(r.key) * GIB, micros: r.micros }))
      .sort((a, b) => (a.fromBytes < b.fromBytes ? -1 : 1));
  }

  /** The first moment after `from` where a rate of this kind and key changes (Infinity: none). */
  nextChange(kind: string, key: string, from: number): number {
    for (const r of this.timeline(kind, key)) if (r.t > from) return r.t;
    return Infinity;
  }
}

// ---------- compute: instance-hours ----------

/** A stretch an instance was billable (pending, running, shutting-down). */
export interface BillableInterval {
  instanceId: string;
  instanceType: string;
  start: number;
  /** null: still billable now */
  end: number | null;
}

/** A line item, or a run of identical ones on consecutive days (a full day of a long-running instance). */
export interface Charge {
  /** instance id or Elastic IP allocation id */
  id: string;
  /** the first day */
  day: number;
  /** how many consecutive days, each with these amounts */
  days: number;
  /** billed seconds a day (hourly mode: whole hours × 3600) */
  seconds: number;
  /** micro-dollars a day, rounded once */
  micros: bigint;
}

export const chargeTotal = (c: Charge) => c.micros * BigInt(c.days);

/** Billable intervals from an instance's state history: launch or start opens one; stopping or terminated closes it. */
export function billableIntervals(instanceId: string, instanceType: string, history: { to: string; at: Date }[]): BillableInterval[] {
  const out: BillableInterval[] = [];
  let open: number | null = null;
  for (const h of history) {
    const t = h.at.getTime();
    if ((h.to === "pending" || h.to === "running" || h.to === "shutting-down") && open === null) open = t;
    else if ((h.to === "stopping" || h.to === "stopped" || h.to === "terminated") && open !== null) {
      out.push({ instanceId, instanceType, start: open, end: t });
      open = null;
    }
  }
  if (open !== null) out.push({ instanceId, instanceType, start: open, end: null });
  return out;
}

/**
 * Charges per instance per UTC day for the period [from, to), as of `now`.
 * Hourly: every started hour of an interval is a full hour at the rate in
 * force when it starts. Per-second: every second at the rate in force then,
 * with a 60-second minimum per interval.
 */
export function computeCharges(intervals: BillableInterval[], book: Book, from: number, to: number, now: number): Charge[] {
  const acc = new Accumulator();
  const add = acc.add;
  for (const iv of intervals) {
    const end = Math.min(iv.end ?? now, now);
    if (end < iv.start) continue;
    if (book.mode(iv.start) === "hourly") {
      const hours = Math.max(1, Math.ceil((end - iv.start) / HOUR_MS));
      // Hour k starts at start + k hours; count those starting in [from, to), day by day,
      // pricing each run of hours at the rate in force when it starts.
      const firstK = Math.max(0, Math.ceil((from - iv.start) / HOUR_MS));
      const lastK = Math.min(hours - 1, Math.ceil((to - iv.start) / HOUR_MS) - 1);
      let k = firstK;
      while (k <= lastK) {
        const t = iv.start + k * HOUR_MS;
        const day = dayOf(t);
        const change = book.nextChange("instance-hour", iv.instanceType, t);
        const limit = Math.min(dayStart(day + 1), change);
        const kEnd = Math.min(lastK, Math.ceil((limit - iv.start) / HOUR_MS) - 1);
        const n = Math.max(1, kEnd - k + 1);
        const rate = book.rate("instance-hour", iv.instanceType, t) ?? 0n;
        // Whole days in a row at one rate: one run instead of a line a day.
        let days = 1;
        if (n === 24) {
          const byHours = Math.floor((lastK - kEnd) / 24);
          const byChange = change === Infinity ? Infinity : dayOf(change) - day - 1;
          days += Math.max(0, Math.min(byHours, byChange));
        }
        add(iv.instanceId, day, n * 3600, BigInt(n) * 3_600_000n * rate, days);
        k += n * days;
      }
    } else {
      const billedEnd = Math.max(end, iv.start + 60_000);
      const a = Math.max(iv.start, from);
      const b = Math.min(billedEnd, to);
      let t = a;
      while (t < b) {
        const change = book.nextChange("instance-hour", iv.instanceType, t);
        const stop = Math.min(b, dayStart(dayOf(t) + 1), change);
        const ms = stop - t;
        const rate = book.rate("instance-hour", iv.instanceType, t) ?? 0n;
        let days = 1;
        if (ms === DAY_MS) days += Math.max(0, Math.min(Math.floor((b - stop) / DAY_MS), change === Infinity ? Infinity : Math.floor((change - stop) / DAY_MS)));
        // micro-dollars per hour × milliseconds, over 3,600,000
        add(iv.instanceId, dayOf(t), ms / 1000, BigInt(ms) * rate, days);
        t = stop + (days - 1) * DAY_MS;
      }
    }
  }
  return acc.charges();
}

/** Sums per id and day; each sum rounded once at the end. */
class Accumulator {
  private byId = new Map<string, Map<number, { days: number; seconds: number; num: bigint }>>();
  /** Adds a day's amounts (or a run of `days` identical days) for an id. */
  add = (id: string, day: number, seconds: number, num: bigint, days = 1) => {
    let byDay = this.byId.get(id);
    if (!byDay) this.byId.set(id, (byDay = new Map()));
    const a = byDay.get(day);
    // Runs are whole days a single interval covers; only single days can be shared between intervals.
    if (a && a.days === 1 && days === 1) {
      a.seconds += seconds;
      a.num += num;
    } else if (!a) byDay.set(day, { days, seconds, num });
    else throw new Error("overlapping charges");
  };
  charges(): Charge[] {
    const out: Charge[] = [];
    for (const [id, byDay] of this.byId) for (const [day, a] of byDay) out.push({ id, day, days: a.days, seconds: a.seconds, micros: roundDiv(a.num, MS_PER_HOUR) });
    return out;
  }
}

// ---------- Elastic IPs: the idle hour ----------

export interface IdleInterval {
  allocationId: string;
  start: number;
  end: number | null;
}

/** Idle stretches from an address's events: allocate or disassociate starts one; associate or release ends it. */
export function idleIntervals(allocationId: string, events: { kind: string; at: Date }[]): IdleInterval[] {
  const out: IdleInterval[] = [];
  let open: number | null = null;
  for (const e of events) {
    const t = e.at.getTime();
    // Idle: held and not attached to a running instance ("stopped": its instance stopped, "started": started again).
    if ((e.kind === "allocate" || e.kind === "disassociate" || e.kind === "stopped") && open === null) open = t;
    else if ((e.kind === "associate" || e.kind === "release" || e.kind === "started") && open !== null) {
      out.push({ allocationId, start: open, end: t });
      open = null;
    }
  }
  if (open !== null) out.push({ allocationId, start: open, end: null });
  return out;
}

/** Hourly mode: each complete idle hour (as EC2 billed in 2008); per-second mode: every idle second. */
export function idleCharges(intervals: IdleInterval[], book: Book, from: number, to: number, now: number): Charge[] {
  const acc = new Accumulator();
  const add = acc.add;
  for (const iv of intervals) {
    const end = Math.min(iv.end ?? now, now);
    if (book.mode(iv.start) === "hourly") {
      const complete = Math.floor((end - iv.start) / HOUR_MS);
      for (let k = 0; k < complete; k++) {
        const t = iv.start + k * HOUR_MS;
        if (t < from || t >= to) continue;
        add(iv.allocationId, dayOf(t), 3600, MS_PER_HOUR * (book.rate("eip-idle", "", t) ?? 0n));
      }
    } else {
      let t = Math.max(iv.start, from);
      const b = Math.min(end, to);
      while (t < b) {
        const stop = Math.min(b, dayStart(dayOf(t) + 1), book.nextChange("eip-idle", "", t));
        add(iv.allocationId, dayOf(t), (stop - t) / 1000, BigInt(stop - t) * (book.rate("eip-idle", "", t) ?? 0n));
        t = stop;
      }
    }
  }
  return acc.charges();
}

// ---------- data transfer ----------

/**
 * The exact cost numerator (micro-dollars × bytes, over 2^30) of `bytes` moved
 * out when `before` bytes already went out this month: marginal tiers.
 */
export function tieredOut(before: bigint, bytes: bigint, tiers: { fromBytes: bigint; micros: bigint }[]): bigint {
  let num = 0n;
  for (let i = 0; i < tiers.length; i++) {
    const lo = tiers[i].fromBytes;
    const hi = i + 1 < tiers.length ? tiers[i + 1].fromBytes : null;
    const a = before > lo ? before : lo;
    const end = before + bytes;
    const b = hi === null || end < hi ? end : hi;
    if (b > a) num += (b - a) * tiers[i].micros;
  }
  return num;
}

/** Micro-dollars of an exact transfer numerator, rounded half-up. */
export const transferMicros = (exact: bigint) => roundDiv(exact, GIB);
