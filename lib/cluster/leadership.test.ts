// Loops follow the lease: on SQLite (SoloLease) they start at once and in
// order; a lease that flaps never leaves loops running without it.
import { describe, expect, it } from "vitest";
import { SoloLease, type Lease } from "./lease";
import { Leadership, type BackgroundLoop } from "./leadership";

function loops(log: string[], names = ["one", "two", "three"], delayMs = 0): BackgroundLoop[] {
  const wait = () => new Promise((r) => setTimeout(r, delayMs));
  return names.map((name) => ({
    name,
    start: async () => {
      await wait();
      log.push(`start ${name}`);
    },
    stop: async () => {
      log.push(`stop ${name}`);
      await wait();
    },
  }));
}

/** A lease moved by hand. */
class HandLease extends SoloLease {
  set(leader: boolean) {
    this.leader = leader;
    this.changed(leader);
  }
  override async start() {}
}

describe("leadership", () => {
  it("on SQLite the one process leads at once: loops start in order before start() resolves, stop in reverse", async () => {
    const log: string[] = [];
    const lease = new SoloLease();
    const l = new Leadership(lease, loops(log));
    await l.start();
    expect(l.leader).toBe(true);
    expect(await lease.fence()).toBe(true);
    expect(log).toEqual(["start one", "start two", "start three"]);
    await l.stop();
    expect(log.slice(3)).toEqual(["stop three", "stop two", "stop one"]);
    expect(await lease.fence()).toBe(false);
  });

  it("a lease that flaps while loops start: they end stopped when it ends lost, running when it ends held", async () => {
    const log: string[] = [];
    const lease = new HandLease();
    const l = new Leadership(lease as Lease, loops(log, ["one", "two"], 5));
    await l.start();
    lease.set(true);
    lease.set(false); // lost while "one" is starting
    await l.settled();
    const running = () => {
      const on = new Set<string>();
      for (const e of log) e.startsWith("start ") ? on.add(e.slice(6)) : on.delete(e.slice(5));
      return [...on];
    };
    expect(running()).toEqual([]);
    lease.set(true);
    lease.set(false);
    lease.set(true);
    await l.settled();
    expect(running().sort()).toEqual(["one", "two"]);
  });

  it("a loop that fails to start is reported and the others still run", async () => {
    const log: string[] = [];
    const bad: BackgroundLoop = { name: "bad", start: () => Promise.reject(new Error("no")), stop: () => void log.push("stop bad") };
    const l = new Leadership(new SoloLease(), [bad, ...loops(log, ["ok"])]);
    await l.start();
    expect(log).toEqual(["start ok"]);
    await l.stop();
    expect(log).toEqual(["start ok", "stop ok"]);
  });
});
