import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Book, computeCharges, idleCharges, tieredOut, transferMicros, billableIntervals, GIB, HOUR_MS, DAY_MS, type BillableInterval } from "./engine";
import { book2008, type RateRow } from "./price-book";

const EPOCH = new Date(0);
const T0 = Date.parse("2026-03-01T00:00:00Z");
const rates = (mode: "hourly" | "per-second" = "hourly", extra: RateRow[] = []): Book =>
  new Book([...book2008().map((r) => ({ ...r, effectiveFrom: EPOCH })), { kind: "billing-mode", key: mode, micros: 0n, effectiveFrom: EPOCH }, ...extra]);
const small = (seconds: number, start = T0): BillableInterval[] => [{ instanceId: "i-1", instanceType: "m1.small", start, end: start + seconds * 1000 }];
const total = (cs: { micros: bigint; days: number }[]) => cs.reduce((s, c) => s + c.micros * BigInt(c.days), 0n);
const far = T0 + 400 * DAY_MS;

describe("instance-hours: the worked examples", () => {
  it("a small instance running 30 days costs $72.00 (hourly)", () => {
    expect(total(computeCharges(small(30 * 86400), rates(), T0, far, far))).toBe(72_000_000n);
  });

  it.each([
    [30, 100_000n, 1_667n], // 1 h | 60 s minimum: 60 × $0.10/3600 = $0.0016667
    [61, 100_000n, 1_694n], // 1 h | 61 s
    [3601, 200_000n, 100_028n], // 2 h | 3,601 s
  ])("%i s: hourly %i micro-dollars, per-second %i", (seconds, hourly, perSecond) => {
    expect(total(computeCharges(small(seconds), rates("hourly"), T0, far, far))).toBe(hourly);
    expect(total(computeCharges(small(seconds), rates("per-second"), T0, far, far))).toBe(perSecond);
  });

  it("bills started hours as they start, while the instance still runs", () => {
    const open: BillableInterval[] = [{ instanceId: "i-1", instanceType: "m1.large", start: T0, end: null }];
    expect(total(computeCharges(open, rates(), T0, far, T0 + 1))).toBe(400_000n);
    expect(total(computeCharges(open, rates(), T0, far, T0 + HOUR_MS + 1))).toBe(800_000n);
  });

  it("stopped time is not billed; each start begins a new hour", () => {
    const history = [
      { to: "pending", at: new Date(T0) },
      { to: "running", at: new Date(T0 + 30_000) },
      { to: "stopping", at: new Date(T0 + 30 * 60_000) },
      { to: "stopped", at: new Date(T0 + 31 * 60_000) },
      { to: "pending", at: new Date(T0 + 10 * HOUR_MS) },
      { to: "running", at: new Date(T0 + 10 * HOUR_MS + 30_000) },
      { to: "shutting-down", at: new Date(T0 + 11 * HOUR_MS + 60_000) },
      { to: "terminated", at: new Date(T0 + 11 * HOUR_MS + 70_000) },
    ];
    const ivs = billableIntervals("i-1", "m1.small", history);
    expect(ivs.map((i) => [(i.start - T0) / 60_000, (i.end! - T0) / 60_000])).toEqual([[0, 30], [600, 661 + 1 / 6]]);
    // 30 min → 1 h; 1 h 1 min 10 s → 2 h
    expect(total(computeCharges(ivs, rates(), T0, far, far))).toBe(300_000n);
  });

  it("a price change mid-month splits the charge at the moment it takes effect", () => {
    const mid = T0 + 15 * DAY_MS;
    const book = rates("hourly", [{ kind: "instance-hour", key: "m1.small", micros: 120_000n, effectiveFrom: new Date(mid) }]);
    const cs = computeCharges(small(30 * 86400), book, T0, far, far);
    expect(total(cs)).toBe(360n * 100_000n + 360n * 120_000n);
    const perSecond = rates("per-second", [{ kind: "instance-hour", key: "m1.small", micros: 120_000n, effectiveFrom: new Date(mid) }]);
    expect(total(computeCharges(small(30 * 86400), perSecond, T0, far, far))).toBe(360n * 100_000n + 360n * 120_000n);
  });

  it("attributes each hour to the UTC day it starts in", () => {
    const cs = computeCharges(small(3 * 3600, T0 + 22 * HOUR_MS + 30 * 60_000), rates(), T0, far, far);
    expect(cs.map((c) => [new Date(c.day * DAY_MS).toISOString().slice(0, 10), c.seconds / 3600, c.days])).toEqual([
      ["2026-03-01", 2, 1],
      ["2026-03-02", 1, 1],
    ]);
  });
});

describe("data transfer out: monthly marginal tiers", () => {
  const tiers = rates().tiers(T0);
  const gb = (n: number) => BigInt(n) * GIB;

  it("11,264 GB in one month = 10,240 × 0.18 + 1,024 × 0.16 = $2,007.04", () => {
    expect(transferMicros(tieredOut(0n, gb(11_264), tiers))).toBe(2_007_040_000n);
  });

  it("splits at the tier edges, however the bytes arrive", () => {
    expect(transferMicros(tieredOut(0n, gb(10_240), tiers))).toBe(10_240n * 180_000n);
    expect(transferMicros(tieredOut(gb(10_240), gb(1), tiers))).toBe(160_000n);
    expect(transferMicros(tieredOut(gb(51_199), gb(2), tiers))).toBe(160_000n + 130_000n);
    const inPieces = tieredOut(0n, gb(6_000), tiers) + tieredOut(gb(6_000), gb(5_264), tiers);
    expect(inPieces).toBe(tieredOut(0n, gb(11_264), tiers));
  });

  it("is additive for any split of any amount (property)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 80_000n * GIB }), fc.bigInt({ min: 0n, max: 80_000n * GIB }), fc.bigInt({ min: 0n, max: 60_000n * GIB }), (before, a, b) => {
        return tieredOut(before, a, tiers) + tieredOut(before + a, b, tiers) === tieredOut(before, a + b, tiers);
      }),
    );
  });
});

describe("runs of whole days", () => {
  it("a month-long instance is a few lines, not thirty, with the same total", () => {
    const cs = computeCharges(small(30 * 86400, T0 + 5 * HOUR_MS), rates(), T0, far, far);
    expect(cs.length).toBeLessThanOrEqual(3);
    expect(total(cs)).toBe(720n * 100_000n);
    const ps = computeCharges(small(30 * 86400, T0 + 5 * HOUR_MS + 1234), rates("per-second"), T0, far, far);
    expect(ps.length).toBeLessThanOrEqual(3);
    expect(total(ps)).toBe(720n * 100_000n);
  });
});

describe("Elastic IPs", () => {
  it("are billed per complete idle hour (hourly) or per idle second", () => {
    const idle = [{ allocationId: "eipalloc-1", start: T0, end: T0 + 150 * 60_000 }];
    expect(total(idleCharges(idle, rates("hourly"), T0, far, far))).toBe(20_000n);
    expect(total(idleCharges(idle, rates("per-second"), T0, far, far))).toBe(25_000n);
  });
});

describe("periods add up (property)", () => {
  it("charges over [a, c) = charges over [a, b) + [b, c), in both modes", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ start: fc.integer({ min: 0, max: 40 * 86400 }), len: fc.integer({ min: 0, max: 20 * 86400 }) }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 60 * 86400 }),
        fc.constantFrom("hourly" as const, "per-second" as const),
        (ivs, cut, mode) => {
          const intervals = ivs.map((v, i) => ({ instanceId: `i-${i}`, instanceType: "m1.large", start: T0 + v.start * 1000, end: T0 + (v.start + v.len) * 1000 }));
          const book = rates(mode);
          const mid = T0 + Math.floor(cut / 86400) * DAY_MS; // split on a day boundary: line items are per day
          const whole = total(computeCharges(intervals, book, T0, far, far));
          const parts = total(computeCharges(intervals, book, T0, mid, far)) + total(computeCharges(intervals, book, mid, far, far));
          return whole === parts;
        },
      ),
      { numRuns: 200 },
    );
  });
});
