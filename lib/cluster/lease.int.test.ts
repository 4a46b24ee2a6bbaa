// The leader lease on a real PostgreSQL (a fresh database for this file):
// one leader among contenders; a dead holder's lease is taken over within
// seconds with a higher epoch; a leader whose epoch moved fails its fence and
// steps down; loops follow leadership. Skipped, saying so, without PostgreSQL.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { clusterPgAvailable, testPg, type TestPg } from "../testing/cluster-pg";
import { PgLease } from "./lease";
import { Leadership } from "./leadership";

const available = await clusterPgAvailable("the PostgreSQL lease tests");

const until = async (cond: () => boolean, ms = 10_000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - t0;
};

describe.skipIf(!available)("the leader lease on PostgreSQL", () => {
  let db: TestPg;
  const leases: PgLease[] = [];
  let n = 0;
  let name = "";
  beforeAll(async () => {
    db = await testPg("lease_test");
  });
  afterEach(async () => {
    await Promise.all(leases.splice(0).map((l) => l.stop()));
  });
  afterAll(async () => {
    await db?.drop();
  });
  // Each test contends for its own lease.
  const contender = (holder: string, pollMs = 100) => {
    if (leases.length === 0) name = `test-${++n}`;
    const l = new PgLease({ url: db.url, holder, name, pollMs });
    leases.push(l);
    return l;
  };
  const row = async () => (await db.query<{ holder: string; epoch: number }>(`SELECT "holder", "epoch" FROM "Lease" WHERE "name" = $1`, [name]))[0];
  const destroy = (l: PgLease) => (l.session as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();

  it("two contenders on separate connections: exactly one leads, and its epoch is the row's", async () => {
    const a = contender("a");
    const b = contender("b");
    await Promise.all([a.start(), b.start()]);
    await new Promise((r) => setTimeout(r, 400)); // a few polls each
    expect([a.leader, b.leader].filter(Boolean)).toHaveLength(1);
    const leader = a.leader ? a : b;
    const other = a.leader ? b : a;
    expect(await row()).toEqual({ holder: a.leader ? "a" : "b", epoch: leader.epoch });
    expect(await leader.fence()).toBe(true);
    expect(await other.fence()).toBe(false);
    expect(other.epoch).toBeNull();
  });

  it("the leader's connection destroyed (as by kill -9): the other takes over within 10 s with a higher epoch, and the old one's fence fails", async () => {
    const a = contender("a");
    await a.start();
    expect(a.leader).toBe(true);
    const b = contender("b");
    await b.start();
    expect(b.leader).toBe(false);
    const first = a.epoch!;
    const changes: boolean[] = [];
    a.onChange((l) => changes.push(l));
    destroy(a);
    const took = await until(() => b.leader);
    expect(took).toBeLessThan(10_000);
    expect(b.epoch).toBeGreaterThan(first);
    expect(a.leader).toBe(false);
    expect(changes[0]).toBe(false);
    expect(await a.fence()).toBe(false);
    expect((await row()).epoch).toBe(b.epoch);
    // The old one keeps contending, and loses while b holds the lock.
    await new Promise((r) => setTimeout(r, 300));
    expect(a.leader).toBe(false);
  });

  it("the leader's session terminated by the server: the other takes over", async () => {
    const a = contender("a");
    await a.start();
    const b = contender("b");
    await b.start();
    const pid = (a.session as unknown as { processID: number }).processID;
    await db.query("SELECT pg_terminate_backend($1)", [pid]);
    await until(() => b.leader);
    expect(b.epoch).toBeGreaterThan(1);
    expect(await a.fence()).toBe(false);
  });

  it("a stale leader (its epoch moved behind its back) fails its fence and steps down; the next leader's epoch is higher still", async () => {
    const a = contender("a");
    await a.start();
    const mine = a.epoch!;
    const lost: boolean[] = [];
    a.onChange((l) => lost.push(l));
    await db.query(`UPDATE "Lease" SET "epoch" = "epoch" + 10 WHERE "name" = $1`, [name]);
    expect(await a.fence()).toBe(false);
    expect(a.leader).toBe(false);
    expect(lost).toEqual([false]);
    // Its session was left, so the lock is free: someone leads again, above the moved epoch.
    const b = contender("b");
    await b.start();
    await until(() => a.leader || b.leader);
    expect((a.epoch ?? b.epoch)!).toBe(mine + 11);
  });

  it("stop() gives the lease up: the other leads at its next poll", async () => {
    const a = contender("a");
    await a.start();
    const b = contender("b");
    await b.start();
    await a.stop();
    expect(a.leader).toBe(false);
    expect(await until(() => b.leader, 2000)).toBeLessThan(2000);
  });

  it("loops run while the lease is held: stopped when it is lost, started again when it is won back", async () => {
    const a = contender("a");
    const log: string[] = [];
    const loop = (name: string) => ({ name, start: () => void log.push(`start ${name}`), stop: async () => void log.push(`stop ${name}`) });
    const leadership = new Leadership(a, [loop("one"), loop("two")]);
    await leadership.start();
    expect(log).toEqual(["start one", "start two"]);
    destroy(a);
    await until(() => log.length >= 4);
    await leadership.settled();
    expect(log.slice(2)).toEqual(["stop two", "stop one"]);
    // Nobody else contends: a wins it back at its next poll.
    await until(() => log.length >= 6);
    expect(log.slice(4)).toEqual(["start one", "start two"]);
    expect(leadership.leader).toBe(true);
    await leadership.stop();
    expect(log.slice(6)).toEqual(["stop two", "stop one"]);
    leases.splice(leases.indexOf(a), 1);
  });

  it("kill -9 of a replica holding the lease: another takes over within 10 s (polling every second, as the server does)", async () => {
    name = `kill-${++n}`;
    const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.resolve("lib/cluster/lease-holder.fixture.ts"), db.url, name], {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, STRATUS_LOG_LEVEL: "silent" },
    });
    try {
      let out = "";
      child.stdout!.on("data", (d) => (out += d));
      await until(() => out.includes("leader "), 20_000);
      const childEpoch = Number(/leader (\d+)/.exec(out)![1]);
      const b = new PgLease({ url: db.url, holder: "survivor", name });
      leases.push(b);
      await b.start();
      expect(b.leader).toBe(false);
      const killedAt = Date.now();
      child.kill("SIGKILL");
      await until(() => b.leader, 10_000);
      const takeover = Date.now() - killedAt;
      console.log(`kill -9 takeover: ${takeover} ms (epoch ${childEpoch} → ${b.epoch})`);
      expect(takeover).toBeLessThan(10_000);
      expect(b.epoch).toBeGreaterThan(childEpoch);
      expect((await row()).holder).toBe("survivor");
    } finally {
      child.kill("SIGKILL");
    }
  }, 40_000);
});
