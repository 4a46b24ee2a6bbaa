import { describe, expect, it } from "vitest";
import { simulateLab, clampParams, LAB_DEFAULTS, resolverClients, type LabParams } from "./simulate";
import { failingShare } from "./strategies";
import { labCosts } from "./costs";

const prices = { instanceHourMicros: 100_000n, eipIdleHourMicros: 10_000n, billingMode: "hourly" as const };
const lab = (p: Partial<LabParams> = {}) => simulateLab({ ...LAB_DEFAULTS, ...p }, prices);
const byId = (r: ReturnType<typeof lab>) => Object.fromEntries(r.strategies.map((s) => [s.id, s]));
const at = (s: { points: { t: number; failing: number }[] }, t: number) => s.points.find((p) => p.t <= t && t < p.t + LAB_DEFAULTS.bucketSeconds)!.failing;

describe("a client's chance of failing", () => {
  it("follows what its resolver holds and what is alive", () => {
    const alive = new Set(["C"]);
    expect(failingShare([], alive, 0.5)).toBe(1); // no address at all
    expect(failingShare(["C"], alive, 0)).toBe(0);
    expect(failingShare(["A"], alive, 1)).toBe(1); // nothing else to try
    expect(failingShare(["A", "C"], alive, 0)).toBe(0.5);
    expect(failingShare(["A", "C"], alive, 0.5)).toBe(0.25);
    expect(failingShare(["A", "C"], alive, 1)).toBe(0);
  });
});

describe("the seed's scenario, measured", () => {
  const r = lab();
  const s = byId(r);

  it("is deterministic: the same seed gives the same numbers", () => {
    expect(JSON.stringify(lab().strategies.map((x) => x.summary))).toBe(JSON.stringify(r.strategies.map((x) => x.summary)));
    expect(JSON.stringify(lab({ seed: 7 }).strategies.map((x) => x.summary))).not.toBe(JSON.stringify(r.strategies.map((x) => x.summary)));
  });

  it("nobody fails before the instance dies", () => {
    for (const x of r.strategies) expect(x.points.filter((p) => p.t + 30 <= 600).every((p) => p.failing === 0)).toBe(true);
  });

  it("one A record at 60 s: everyone fails at once, and it is over within the TTL after the replacement runs", () => {
    expect(at(s.ttl60, 600)).toBeGreaterThan(0.99);
    expect(s.ttl60.summary.recoverySeconds).toBeGreaterThan(r.replacedAt - 600);
    expect(s.ttl60.summary.recoverySeconds).toBeLessThanOrEqual(r.replacedAt - 600 + 60 + 60 + 30);
    // Every resolver asks every minute: the load the article called anti-social.
    expect(s.ttl60.summary.queriesPerHour).toBeGreaterThan(500 * 60 * 0.9);
    expect(s.ttl60.summary.queriesPerHour).toBeLessThanOrEqual(500 * 60);
  });

  it("two A records at 7,200 s: a quarter fail (half pick the dead one, half of those retry), for up to two hours", () => {
    expect(s.twoRecords.summary.peakFailing).toBeCloseTo(0.25, 2);
    expect(at(s.twoRecords, 600 + 3600)).toBeGreaterThan(0.05);
    expect(s.twoRecords.summary.recoverySeconds).toBeGreaterThan(6000);
    expect(s.twoRecords.summary.recoverySeconds).toBeLessThanOrEqual(7200 + 60);
    expect(s.twoRecords.summary.queriesPerHour).toBeLessThan(500 * 0.5 * 1.1);
    expect(s.twoRecords.summary.queriesTotal).toBeLessThan(s.ttl60.summary.queriesTotal / 50);
  });

  it("an Elastic IP moved by the group: down only while the replacement boots, and the record never changes", () => {
    expect(s.elasticIp.summary.recoverySeconds).toBeLessThanOrEqual(r.replacedAt - 600 + 30);
    expect(s.elasticIp.summary.failedRequests).toBeLessThan(s.ttl60.summary.failedRequests);
    expect(s.elasticIp.summary.failedRequests).toBeLessThan(s.twoRecords.summary.failedRequests);
    expect(s.elasticIp.summary.queriesPerHour).toBeLessThanOrEqual(Math.ceil((500 * 3600) / 86_400));
  });

  it("costs what the price book says", () => {
    expect(s.ttl60.cost.monthMicros).toBe(72_000_000n); // a small instance for 30 days
    expect(s.twoRecords.cost.monthMicros).toBe(144_000_000n);
    expect(s.elasticIp.cost.monthMicros).toBe(72_000_000n); // an associated Elastic IP is free
    expect(s.elasticIp.cost.failoverMicros).toBe(100_000n + 10_000n); // a new started hour, and an idle-address hour
    expect(labCosts({ instances: 1, elasticIps: 1 }, 36, { ...prices, billingMode: "per-second" }).failoverMicros).toBe(100_000n / 60n + 100n);
  });

  it("clients that retry the other address don't notice the two-record failover", () => {
    expect(byId(lab({ retryShare: 1 })).twoRecords.summary.peakFailing).toBe(0);
  });
});

describe("parameters", () => {
  it("are held to their bounds, and junk is ignored", () => {
    const p = clampParams({ clients: 1e12, resolvers: -5, retryShare: "0.3", duration: "NaN", failAt: 1e9, seed: "x" });
    expect(p).toMatchObject({ clients: 1_000_000, resolvers: 1, retryShare: 0.3, duration: LAB_DEFAULTS.duration, seed: LAB_DEFAULTS.seed });
    expect(p.failAt).toBe(p.duration - 60);
  });
  it("spread clients over resolvers, big ones first, none empty", () => {
    const c = resolverClients(100, 10_000);
    expect(c[0]).toBeGreaterThan(c[99]);
    expect(Math.min(...c)).toBeGreaterThanOrEqual(1);
    expect(Math.abs(c.reduce((a, b) => a + b, 0) - 10_000)).toBeLessThan(100);
  });
});
