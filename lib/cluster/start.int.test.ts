// The server's cluster wiring on a real SQLite file: on SQLite the process
// leads at once and the loops do their work (an instance boots, its console
// fills, the clock is saved); on PostgreSQL (the lease and events there, the
// data still in SQLite) the loops stop when the lease is lost and start again
// when it is won back.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testWorld, type TestWorld } from "../testing/db";
import { clusterPgAvailable, testPg, type TestPg } from "../testing/cluster-pg";
import { launchInstances } from "../control-plane/instances/launch";
import { SimProvider } from "../providers/sim";
import type { QemuProvider } from "../providers/qemu/provider";
import { readConsole } from "../console/store";
import { startCluster, type Cluster } from "./start";
import { PgLease } from "./lease";

const available = await clusterPgAvailable("the PostgreSQL cluster wiring test");

const until = async (cond: () => boolean | Promise<boolean>, ms = 5000) => {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > ms) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
};

let w: TestWorld;
let cluster: Cluster | null = null;
let adopted = 0;
let saved = 0;
beforeEach(async () => {
  w = await testWorld();
  adopted = 0;
  saved = 0;
});
afterEach(async () => {
  await cluster?.stop();
  cluster = null;
  await w.close();
});

const deps = (url: string) => ({
  url,
  db: w.db,
  clock: w.clock,
  providers: new Map([["sim", new SimProvider()]]),
  qemu: { adopt: async () => void adopted++ } as unknown as QemuProvider,
  persistClock: async () => void saved++,
});

async function bootsAndLogs(): Promise<string> {
  const id = (await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290" } })).instances[0].id;
  w.clock.advance(120);
  await until(async () => (await w.db.instance.findUniqueOrThrow({ where: { id } })).state === "running");
  await until(async () => (await readConsole(w.db, id)).lines.length > 5);
  return id;
}

describe("the cluster on SQLite", () => {
  it("leads at once: real VMs adopted, the loops running (an instance boots and its console fills), the clock saved", async () => {
    cluster = await startCluster(deps(`file:${w.file}`));
    expect(cluster.leadership.leader).toBe(true);
    expect(cluster.fanout).toBeNull();
    expect(adopted).toBe(1);
    expect(saved).toBe(1);
    await bootsAndLogs();
  });
});

describe.skipIf(!available)("the cluster on PostgreSQL", () => {
  let pg: TestPg;
  beforeEach(async () => {
    pg = await testPg("cluster_test");
  });
  afterEach(async () => {
    await cluster?.stop();
    cluster = null;
    await pg.drop();
  });

  it("the loops run only while the lease is held: stopped when lost, started again (real VMs not adopted twice) when won back", async () => {
    cluster = await startCluster(deps(pg.url));
    expect(cluster.fanout?.connected).toBe(true);
    expect(cluster.leadership.leader).toBe(true);
    await bootsAndLogs();
    // The lease's session dies: the loops stop, and an instance launched meanwhile stays pending.
    const lease = cluster.lease as PgLease;
    (lease.session as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    await until(() => !cluster!.leadership.leader);
    await cluster.leadership.settled();
    const id = (await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290" } })).instances[0].id;
    w.clock.advance(120);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await w.db.instance.findUniqueOrThrow({ where: { id } })).state).toBe("pending");
    // Nobody else contends: it leads again within a few seconds and catches up.
    await until(() => cluster!.leadership.leader, 10_000);
    await until(async () => (await w.db.instance.findUniqueOrThrow({ where: { id } })).state === "running");
    await until(async () => (await readConsole(w.db, id)).lines.length > 5);
    expect(adopted).toBe(1);
    expect(lease.epoch).toBe(2);
  }, 30_000);
});
