// Two leaders for a moment (a stale one still finishing a pass while the new
// one starts): the background writes are conditional, so nothing is
// transitioned, written to a console, billed or alerted twice. Two loops of
// each kind run their pass at once on one real SQLite file.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testWorld, type TestWorld } from "../testing/db";
import { launchInstances } from "../control-plane/instances/launch";
import { createBudget, checkBudgets } from "../control-plane/costs/budgets";
import { Reconciler } from "../reconciler/reconciler";
import { ConsolePump } from "../console/pump";
import { readConsole } from "../console/store";
import { subscribeConsole } from "../console/hub";
import { Meter } from "../billing/meter";
import { SimProvider } from "../providers/sim";
import type { MeterSlice } from "../providers/types";

let w: TestWorld;
beforeEach(async () => {
  w = await testWorld("2026-03-02T00:00:00Z");
});
afterEach(() => w.close());

/** The sim, metering a flat 1,000 bytes in and 2,000 out per running second; each meter call waits until `parties` calls are in, so concurrent passes really overlap. */
class FlatTraffic extends SimProvider {
  private waiting: (() => void)[] = [];
  constructor(private readonly parties = 1) {
    super();
  }
  override async meter(slices: MeterSlice[]) {
    if (this.parties > 1) {
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        if (this.waiting.length === this.parties) for (const r of this.waiting.splice(0)) r();
      });
    }
    return slices.map((s) => ({ bytesIn: BigInt(Math.round(s.seconds)) * 1000n, bytesOut: BigInt(Math.round(s.seconds)) * 2000n, bytesInternal: 0n }));
  }
}

async function launchOne(): Promise<string> {
  const r = await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290", instanceType: "m1.small" } });
  return r.instances[0].id;
}

describe("two leaders at once", () => {
  it("reconcilers: each transition is recorded once", async () => {
    const providers = new Map([["sim", new SimProvider()]]);
    const id = await launchOne();
    w.clock.advance(120);
    await Promise.all([new Reconciler(w.db, w.clock, providers).tick(), new Reconciler(w.db, w.clock, providers).tick()]);
    const transitions = await w.db.stateTransition.findMany({ where: { instanceId: id, toState: "running" } });
    expect(transitions).toHaveLength(1);
    expect((await w.db.instance.findUniqueOrThrow({ where: { id } })).bootCount).toBe(1);
  });

  it("console pumps: each line is stored and published once", async () => {
    const providers = new Map([["sim", new SimProvider()]]);
    const id = await launchOne();
    const a = new ConsolePump(w.db, w.clock, providers);
    const b = new ConsolePump(w.db, w.clock, providers);
    await a.kick([id]);
    w.clock.advance(90);
    await new Reconciler(w.db, w.clock, providers).tick();
    const published: number[] = [];
    const off = subscribeConsole(id, (c) => c.lines.forEach((_, i) => published.push(c.fromSeq + i)));
    await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    off();
    const { lines, firstSeq } = await readConsole(w.db, id);
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.filter((l) => l.includes("Linux version"))).toHaveLength(1);
    expect(new Set(lines).size).toBeGreaterThan(lines.length * 0.9); // a repeated boot log would halve it
    expect(published).toEqual(lines.map((_, i) => firstSeq + i));
  });

  it("the console pump catches up with instances launched while no pump ran", async () => {
    const providers = new Map([["sim", new SimProvider()]]);
    const id = await launchOne(); // nobody kicked it: no pump was running
    w.clock.advance(90);
    const pump = new ConsolePump(w.db, w.clock, providers);
    expect(await pump.catchUp()).toBe(1);
    await pump.tick();
    expect((await readConsole(w.db, id)).lines.some((l) => l.includes("Linux version"))).toBe(true);
    expect(await pump.catchUp()).toBe(0);
  });

  it("meters: the same window is billed once, whichever pass commits first", async () => {
    const sim = new FlatTraffic(2);
    const providers = new Map([["sim", sim]]);
    const first = new Meter(w.db, w.clock, new Map([["sim", new FlatTraffic()]]));
    await first.pass(); // the cursor starts now
    const id = await launchOne();
    w.clock.advance(120);
    await new Reconciler(w.db, w.clock, providers).tick();
    w.clock.advance(2 * 3600);
    const end = w.clock.now();
    const [x, y] = await Promise.all([new Meter(w.db, w.clock, providers).pass(), new Meter(w.db, w.clock, providers).pass()]);
    expect([x.getTime(), y.getTime()]).toContain(end.getTime());
    const runningSince = (await w.db.stateTransition.findFirstOrThrow({ where: { instanceId: id, toState: "running" } })).at;
    const seconds = BigInt(Math.round((end.getTime() - runningSince.getTime()) / 1000));
    const days = await w.db.trafficDay.findMany();
    expect(days.reduce((s, d) => s + d.bytesIn, 0n)).toBe(seconds * 1000n);
    expect(days.reduce((s, d) => s + d.bytesOut, 0n)).toBe(seconds * 2000n);
    const hours = await w.db.trafficHour.findMany();
    expect(hours.reduce((s, d) => s + d.bytesIn, 0n)).toBe(seconds * 1000n);
    expect((await w.db.setting.findUniqueOrThrow({ where: { key: "meter.until" } })).value).toBe(String(end.getTime()));
  });

  it("meters starting on an empty database agree on one cursor", async () => {
    const providers = new Map([["sim", new FlatTraffic()]]);
    await Promise.all([new Meter(w.db, w.clock, providers).pass(), new Meter(w.db, w.clock, providers).pass()]);
    expect(await w.db.setting.count({ where: { key: "meter.until" } })).toBe(1);
  });

  it("budget checks: each alert is raised and audited once, and neither check fails", async () => {
    const providers = new Map([["sim", new SimProvider()]]);
    await createBudget({ ctx: w.ctx(), input: { name: "tiny", amountUsd: "0.01" } });
    await launchOne();
    w.clock.advance(120);
    await new Reconciler(w.db, w.clock, providers).tick();
    w.clock.advance(3 * 3600);
    const fired = await Promise.all([checkBudgets(w.db, w.clock), checkBudgets(w.db, w.clock)]);
    const alerts = await w.db.budgetAlert.findMany();
    expect(alerts.map((a) => a.kind).sort()).toEqual(["actual-100", "forecast-80"]);
    expect(fired[0] + fired[1]).toBe(2);
    expect(await w.db.auditEvent.count({ where: { action: "BudgetAlert" } })).toBe(2);
  });
});
