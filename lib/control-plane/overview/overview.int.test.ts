// The overview: counts by state, the running-instance quota and recent activity, for the team only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testWorld, type TestWorld } from "../../testing/db";
import { launchInstances } from "../instances/launch";
import { terminateInstances } from "../instances/actions";
import { Reconciler } from "../../reconciler/reconciler";
import { SimProvider } from "../../providers/sim";
import { describeOverview } from "./overview";

let w: TestWorld;
const ids: Record<string, string> = {};
beforeAll(async () => {
  w = await testWorld();
  await w.db.team.update({ where: { id: w.team.id }, data: { instanceLimit: 7 } });
  const reconcile = () => new Reconciler(w.db, w.clock, new Map([["sim", new SimProvider()]])).tick();
  for (const name of ["web", "db", "batch"]) {
    const r = await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290", tags: [{ key: "Name", value: name }] } });
    ids[name] = r.instances[0].id;
    w.clock.advance(1);
  }
  const other = await w.addTeam("Other");
  await launchInstances({ ctx: w.ctx("admin", other), input: { imageId: "ami-f937d290", tags: [{ key: "Name", value: "theirs" }] } });
  w.clock.advance(120);
  await reconcile();
  await terminateInstances({ ctx: w.ctx(), input: { instanceIds: [ids.batch] } });
  w.clock.advance(60);
  await reconcile();
});
afterAll(() => w.close());

describe("DescribeOverview", () => {
  it("counts the team's instances by state and its quota use (pending, running, stopping count)", async () => {
    const o = await describeOverview({ ctx: w.ctx("viewer"), input: {} });
    expect(o.counts).toMatchObject({ running: 2, terminated: 1, pending: 0 });
    expect(o.quota).toEqual({ live: 2, limit: 7 });
  });

  it("lists recent state changes newest first, named, and never another team's", async () => {
    const o = await describeOverview({ ctx: w.ctx("viewer"), input: { recent: 50 } });
    expect(o.recent[0]).toMatchObject({ instanceId: ids.batch, name: "batch", to: "terminated" });
    expect(o.recent.map((r) => r.name)).not.toContain("theirs");
    expect(new Set(o.recent.map((r) => r.name))).toEqual(new Set(["web", "db", "batch"]));
    const times = o.recent.map((r) => r.at);
    expect([...times].sort().reverse()).toEqual(times);
    const few = await describeOverview({ ctx: w.ctx("viewer"), input: {} });
    expect(few.recent).toHaveLength(Math.min(8, o.recent.length));
  });
});
