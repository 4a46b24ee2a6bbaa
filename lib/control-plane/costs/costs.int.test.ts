// Costs on a real SQLite file: a seeded month of instances, metered traffic,
// an Elastic IP, a price change; breakdowns agree with totals; budgets alert.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { testWorld, type TestWorld } from "../../testing/db";
import { launchInstances } from "../instances/launch";
import { terminateInstances, stopInstances } from "../instances/actions";
import { createSecurityGroup, authorizeIngress } from "../groups/groups";
import { allocateAddress } from "../addresses/elastic-ips";
import { costReport } from "./report";
import { exportCosts, CSV_HEADER } from "./export";
import { setRate, setTransferOutTiers, setBillingMode, describePriceBook } from "./price-book";
import { createBudget, listBudgetAlerts, checkBudgets } from "./budgets";
import { instanceCost } from "./instance-cost";
import { getCostAndUsage } from "./cost-explorer";
import { Reconciler } from "../../reconciler/reconciler";
import { FirewallSync } from "../../reconciler/firewall";
import { SimProvider } from "../../providers/sim";
import { Meter } from "../../billing/meter";
import { toDecimal, parseDollars } from "../../money";

let w: TestWorld;
let ids: Record<string, string> = {};
const sim = new SimProvider();
const providers = new Map([["sim", sim]]);

async function advance(hours: number, rec: Reconciler, fw: FirewallSync, meter: Meter) {
  for (let h = 0; h < hours; h++) {
    w.clock.advance(3600);
    await rec.tick();
    await fw.sync(null);
    await meter.pass();
  }
}

beforeAll(async () => {
  w = await testWorld("2026-03-01T00:00:00Z");
  const ctx = w.ctx();
  const rec = new Reconciler(w.db, w.clock, providers);
  const fw = new FirewallSync(w.db, w.clock, providers);
  const meter = new Meter(w.db, w.clock, providers);
  await meter.pass(); // the cursor starts now
  await createSecurityGroup({ ctx, input: { name: "web", description: "web" } });
  await authorizeIngress({ ctx, input: { groupName: "web", rules: [{ protocol: "tcp", fromPort: 80, cidr: "0.0.0.0/0" }] } });
  const web = await launchInstances({ ctx, input: { imageId: "ami-2b5fba42", minCount: 2, securityGroups: ["web", "default"], tags: [{ key: "Name", value: "web" }, { key: "env", value: "prod" }] } });
  const db = await launchInstances({ ctx, input: { imageId: "ami-f51aff9c", instanceType: "m1.large", tags: [{ key: "Name", value: "db" }, { key: "env", value: "prod" }] } });
  const ebs = await launchInstances({ ctx, input: { imageId: "ami-a6c13bcf", instanceType: "m1.large", tags: [{ key: "Name", value: "batch" }, { key: "stratus:profile", value: "batch" }] } });
  ids = { web1: web.instances[0].id, web2: web.instances[1].id, db: db.instances[0].id, batch: ebs.instances[0].id };
  await allocateAddress({ ctx, input: {} }); // idle all along
  await advance(24 * 5, rec, fw, meter);
  await stopInstances({ ctx, input: { instanceIds: [ids.batch] } });
  // the m1.large price changes mid-month
  await setRate({ ctx, input: { kind: "instance-hour", key: "m1.large", price: "0.50" } });
  await advance(24 * 5, rec, fw, meter);
  await terminateInstances({ ctx, input: { instanceIds: [ids.web2] } });
  await advance(24 * 3, rec, fw, meter);
}, 120_000);
afterAll(() => w.close());

const march = { from: "2026-03-01", to: "2026-04-01" };
const micros = (s: string) => parseDollars(s)!;

describe("the cost report", () => {
  it("bills instance-hours by the rules: stopped time free, price change splits", async () => {
    const r = await costReport({ ctx: w.ctx("billing"), input: { ...march, groupBy: "instance" } });
    const of = (id: string) => r.groups.find((g) => g.key === id)!;
    // batch: m1.large launched at t0 (+ a boot), stopped after 5 days: 120 started hours at $0.40 (+1 for the stop's hour)
    expect(of(ids.batch).hours).toBeGreaterThanOrEqual(120);
    expect(micros(of(ids.batch).compute)).toBe(BigInt(of(ids.batch).hours) * 400_000n);
    // db: m1.large all 13 days; first 5 days at 0.40, the rest at 0.50
    expect(micros(of(ids.db).compute)).toBeGreaterThan(120n * 400_000n + 150n * 500_000n);
    // web instances moved bytes out (port 80 open), the batch one moved internal bytes only if its groups allow peers
    expect(Number(of(ids.web1).gbOut)).toBeGreaterThan(0);
    expect(micros(of(ids.web1).transferOut)).toBeGreaterThan(0n);
  });

  it("every breakdown sums to the same total (property over group-bys and filters)", async () => {
    const base = await costReport({ ctx: w.ctx(), input: { ...march } });
    const total = micros(base.totals.total);
    expect(total).toBeGreaterThan(0n);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("instance", "type", "member", "image", "day", "tag:env", "tag:Name", "category"), async (groupBy) => {
        const r = await costReport({ ctx: w.ctx(), input: { ...march, groupBy, compare: false } });
        const sum = r.groups.reduce((s, g) => s + micros(g.total), 0n);
        const days = r.daily.reduce((s, d) => s + micros(d.total), 0n);
        return sum === total && days === total && micros(r.totals.total) === total;
      }),
      { numRuns: 16 },
    );
  });

  it("idle Elastic IPs cost $0.01 an hour", async () => {
    const r = await costReport({ ctx: w.ctx(), input: { ...march, groupBy: "category" } });
    expect(micros(r.totals.eip)).toBe(BigInt(r.totals.eipHours) * 10_000n);
    expect(r.totals.eipHours).toBeGreaterThanOrEqual(13 * 24 - 1);
  });

  it("compares with the previous period and forecasts month end", async () => {
    const r = await costReport({ ctx: w.ctx(), input: { ...march } });
    // March is compared with February (the calendar month), not the 31 days before.
    expect(r.previous).toMatchObject({ from: "2026-02-01", to: "2026-03-01", label: "February 2026", total: "0.00", changePercent: null });
    expect(r.label).toBe("March 2026");
    expect(r.forecast?.month).toBe("2026-03");
    expect(micros(r.forecast!.forecast)).toBeGreaterThan(micros(r.forecast!.actual));
  });

  it("forecasts for any period reaching into this month, even a 'to date' one the clock has passed; not for last month", async () => {
    expect(w.clock.now().toISOString().slice(0, 7)).toBe("2026-03");
    const stale = await costReport({ ctx: w.ctx(), input: { from: "2026-03-01", to: "2026-03-02" } });
    expect(stale.forecast?.month).toBe("2026-03");
    const feb = await costReport({ ctx: w.ctx(), input: { from: "2026-02-01", to: "2026-03-01" } });
    expect(feb.forecast).toBeNull();
  });

  it("compares April with all of March: the previous period's total is March's", async () => {
    const mar = await costReport({ ctx: w.ctx(), input: { ...march, compare: false } });
    const apr = await costReport({ ctx: w.ctx(), input: { from: "2026-04-01", to: "2026-05-01" } });
    expect(apr.previous).toMatchObject({ from: "2026-03-01", to: "2026-04-01", label: "March 2026", total: mar.totals.total });
    const change = micros(apr.totals.total) - micros(mar.totals.total);
    expect(apr.previous!.change).toBe(toDecimal(change));
  });

  it("drills down: a filter gives the instances behind a group", async () => {
    const r = await costReport({ ctx: w.ctx(), input: { ...march, groupBy: "instance", filter: "tag:env=prod" } });
    expect(r.groups.map((g) => g.key).sort()).toEqual([ids.web1, ids.web2, ids.db].sort());
    const byType = await costReport({ ctx: w.ctx(), input: { ...march, groupBy: "type" } });
    const large = await costReport({ ctx: w.ctx(), input: { ...march, groupBy: "instance", filter: "type:m1.large" } });
    expect(large.totals.total).toBe(byType.groups.find((g) => g.key === "m1.large")!.total);
  });

  it("refuses bad periods and keys with clear messages", async () => {
    const bad = (input: object) => costReport({ ctx: w.ctx(), input: { ...march, ...input } as never }).catch((e) => e);
    expect(await bad({ from: "2026-03-10", to: "2026-03-01" })).toMatchObject({ field: "to", message: expect.stringContaining("empty or inverted") });
    expect(await bad({ from: "2026-03-01", to: "2026-03-01" })).toMatchObject({ field: "to" });
    expect(await bad({ from: "2025-01-01", to: "2026-03-01" })).toMatchObject({ message: expect.stringContaining("at most 13 months") });
    expect(await bad({ groupBy: "colour" })).toMatchObject({ field: "groupBy", message: expect.stringContaining("Unknown group-by") });
    expect(await bad({ groupBy: "tag:nosuchkey" })).toMatchObject({ message: expect.stringContaining('No instance has a "nosuchkey" tag') });
    expect(await bad({ from: "March" })).toMatchObject({ field: "from" });
    await expect(costReport({ ctx: w.ctx("viewer"), input: march })).rejects.toMatchObject({ code: "UnauthorizedOperation" });
  });

  it("exports CSV rows per group per day that add up to the report", async () => {
    const gen = await exportCosts({ ctx: w.ctx("billing"), input: { ...march, groupBy: "instance" } });
    const rows: string[][] = [];
    for await (const batch of gen()) rows.push(...batch);
    expect(rows.length).toBeGreaterThan(30);
    const col = CSV_HEADER.indexOf("total_usd");
    const sum = rows.reduce((s, r) => s + micros(r[col]), 0n);
    const r = await costReport({ ctx: w.ctx(), input: { ...march } });
    expect(sum).toBe(micros(r.totals.total));
    expect(rows[0][0]).toMatch(/^i-|\(Elastic IPs\)/);
    expect(rows.every((x) => /^\d{4}-\d{2}-\d{2}$/.test(x[1]))).toBe(true);
  });

  it("shows an instance's cost so far and its hourly rate", async () => {
    const c = await instanceCost({ ctx: w.ctx(), input: { instanceId: ids.db } });
    expect(c).toMatchObject({ hourlyRate: "0.50", mode: "hourly", billableNow: true });
    expect(micros(c.total)).toBeGreaterThan(0n);
  });
});

describe("Cost Explorer as AWS validates and groups", () => {
  const usage = (input: Record<string, unknown>) => getCostAndUsage({ ctx: w.ctx(), input: { TimePeriod: { Start: "2026-03-01", End: "2026-04-01" }, Granularity: "MONTHLY", Metrics: ["UnblendedCost"], ...input } as never });

  it("refuses an end date after the first of next month", async () => {
    // The clock is in March 2026: data runs to 2026-04-01 at most.
    await expect(usage({ TimePeriod: { Start: "2026-03-01", End: "2026-04-02" } })).rejects.toMatchObject({ code: "ValidationError", message: expect.stringContaining("end date past the beginning of next month") });
    await expect(usage({})).resolves.toBeTruthy();
  });

  it("groups by two keys, each pair's amounts adding up to the one-key totals", async () => {
    const two = await usage({ GroupBy: [{ Type: "DIMENSION", Key: "INSTANCE_TYPE" }, { Type: "TAG", Key: "env" }] });
    expect(two.GroupDefinitions).toEqual([{ Type: "DIMENSION", Key: "INSTANCE_TYPE" }, { Type: "TAG", Key: "env" }]);
    const groups = two.ResultsByTime[0].Groups;
    expect(groups.every((g) => g.Keys.length === 2)).toBe(true);
    const amount = (g: { Metrics: Record<string, { Amount: string }> }) => micros(g.Metrics.UnblendedCost.Amount);
    const pairs = Object.fromEntries(groups.map((g) => [g.Keys.join(" | "), amount(g)]));
    expect(Object.keys(pairs)).toEqual(expect.arrayContaining(["m1.small | env$prod", "m1.large | env$prod", "m1.large | env$", "(Elastic IPs) | env$"]));
    const byType = (await usage({ GroupBy: [{ Type: "DIMENSION", Key: "INSTANCE_TYPE" }] })).ResultsByTime[0].Groups;
    for (const t of byType) expect(groups.filter((g) => g.Keys[0] === t.Keys[0]).reduce((a, g) => a + amount(g), 0n)).toBe(amount(t));
    const byEnv = (await usage({ GroupBy: [{ Type: "TAG", Key: "env" }] })).ResultsByTime[0].Groups;
    for (const t of byEnv) expect(groups.filter((g) => g.Keys[1] === t.Keys[0]).reduce((a, g) => a + amount(g), 0n)).toBe(amount(t));
    const usageByType = await usage({ GroupBy: [{ Type: "DIMENSION", Key: "USAGE_TYPE" }, { Type: "DIMENSION", Key: "INSTANCE_TYPE" }] });
    expect(usageByType.ResultsByTime[0].Groups.map((g) => g.Keys.join(" | "))).toEqual(expect.arrayContaining(["BoxUsage:m1.small | m1.small", "ElasticIP:IdleAddress | (Elastic IPs)"]));
  });

  it("refuses three keys, or the same key twice", async () => {
    const three = [{ Type: "DIMENSION", Key: "INSTANCE_TYPE" }, { Type: "TAG", Key: "env" }, { Type: "DIMENSION", Key: "USAGE_TYPE" }];
    await expect(usage({ GroupBy: three })).rejects.toMatchObject({ code: "InvalidParameterValue", message: "You can group by at most two keys: dimensions or tags." });
    await expect(usage({ GroupBy: [three[1], three[1]] })).rejects.toMatchObject({ code: "ValidationError" });
  });
});

describe("the price book", () => {
  it("refuses a change that would rewrite the past, bad prices and broken tiers", async () => {
    const ctx = w.ctx();
    await expect(setRate({ ctx, input: { kind: "instance-hour", key: "m1.small", price: "0.10", effectiveFrom: "2026-03-02" } })).rejects.toMatchObject({ field: "effectiveFrom", message: expect.stringContaining("rewrite periods already billed") });
    await expect(setRate({ ctx, input: { kind: "instance-hour", key: "m1.small", price: "-1" } })).rejects.toMatchObject({ field: "price" });
    await expect(setRate({ ctx, input: { kind: "instance-hour", key: "m1.small", price: "0.1234567" } })).rejects.toMatchObject({ field: "price" });
    await expect(setRate({ ctx, input: { kind: "transfer-in", price: "0.05", effectiveFrom: "2026-12-01T12:00:00Z" } })).rejects.toMatchObject({ message: expect.stringContaining("midnight UTC") });
    await expect(setTransferOutTiers({ ctx, input: { tiers: [{ upToGb: 100, price: "0.2" }, { upToGb: 50, price: "0.1" }, { upToGb: null, price: "0.05" }] } })).rejects.toMatchObject({ message: expect.stringContaining("Tiers must increase") });
    await expect(setTransferOutTiers({ ctx, input: { tiers: [{ upToGb: 100, price: "0.2" }] } })).rejects.toMatchObject({ message: expect.stringContaining("last tier") });
    await expect(setRate({ ctx: w.ctx("operator"), input: { kind: "eip-idle", price: "0.02" } })).rejects.toMatchObject({ code: "UnauthorizedOperation" });
  });

  it("schedules future prices and modes, audited, without touching the past", async () => {
    const ctx = w.ctx();
    const before = await costReport({ ctx, input: { from: "2026-03-01", to: "2026-03-10", compare: false } });
    await setTransferOutTiers({ ctx, input: { tiers: [{ upToGb: 1000, price: "0.20" }, { upToGb: null, price: "0.10" }], effectiveFrom: "2026-04-01" } });
    await setBillingMode({ ctx, input: { mode: "per-second", effectiveFrom: "2026-04-01T00:00:00Z" } });
    const book = await describePriceBook({ ctx, input: {} });
    expect(book.mode).toBe("hourly");
    expect(book.history.filter((h) => h.scheduled).map((h) => h.kind)).toEqual(expect.arrayContaining(["transfer-out", "billing-mode"]));
    const after = await costReport({ ctx, input: { from: "2026-03-01", to: "2026-03-10", compare: false } });
    expect(after.totals.total).toBe(before.totals.total);
    expect(await w.db.auditEvent.count({ where: { action: { in: ["SetPrice", "SetTransferOutTiers", "SetBillingMode"] }, result: "success" } })).toBe(3);
  });
});

describe("budgets", () => {
  it("alert once at 80% of forecast and at 100% of actual, in the audit log too", async () => {
    const ctx = w.ctx("billing");
    const r = await costReport({ ctx, input: { ...march } });
    const actual = micros(r.totals.total);
    await createBudget({ ctx, input: { name: "tight", amountUsd: (Number(actual) / 2e6).toFixed(2) } });
    await createBudget({ ctx, input: { name: "roomy", amountUsd: "100000" } });
    expect(await checkBudgets(w.db, w.clock)).toBe(2); // tight: both alerts
    expect(await checkBudgets(w.db, w.clock)).toBe(0); // once per month
    const alerts = await listBudgetAlerts({ ctx, input: {} });
    expect(alerts.map((a) => a.kind).sort()).toEqual(["actual-100", "forecast-80"]);
    expect(await w.db.auditEvent.count({ where: { action: "BudgetAlert" } })).toBe(2);
  });
});
