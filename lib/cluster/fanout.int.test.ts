// The event bus across replicas on a real PostgreSQL (a fresh database for
// this file): two buses in one process play two replicas. Each sees the
// other's events once and never its own twice; 5,000 ids arrive whole; a lost
// LISTEN session reconnects and refreshes both sides; a key deactivated on
// one replica is refused by the other at once; a viewer on one replica sees
// console output another replica stored. Skipped, saying so, without PostgreSQL.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { clusterPgAvailable, testPg, type TestPg } from "../testing/cluster-pg";
import { testWorld, type TestWorld } from "../testing/db";
import { bus as processBus, createBus, type Bus, type BusEventName } from "../events";
import { Fanout } from "./fanout";
import { createAccessKey } from "../control-plane/identity/access-keys";
import { addMember } from "../control-plane/teams/members";
import { credentialsFor } from "../aws-api/credentials";
import { launchInstances } from "../control-plane/instances/launch";
import { appendToRing, parseRing, ringText } from "../console/ring";
import { consoleStream } from "../console/sse";
import { followConsoles } from "../console/follow";

const available = await clusterPgAvailable("the PostgreSQL fan-out tests");

const until = async (cond: () => boolean | Promise<boolean>, ms = 5000) => {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > ms) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
};

type Seen = { name: BusEventName; payload: unknown; from: string | null };
function record(b: Bus): Seen[] {
  const seen: Seen[] = [];
  for (const name of ["instances", "groups", "access-keys", "instance-groups", "console", "clock", "refresh"] as const) b.on(name, (payload, from) => seen.push({ name, payload, from }));
  return seen;
}

describe.skipIf(!available)("the event fan-out on PostgreSQL", () => {
  let db: TestPg;
  const fanouts: Fanout[] = [];
  beforeAll(async () => {
    db = await testPg("fanout_test");
  });
  afterEach(async () => {
    await Promise.all(fanouts.splice(0).map((f) => f.stop()));
  });
  afterAll(async () => {
    await db?.drop();
  });
  async function replica(id: string, bus: Bus = createBus()) {
    const fanout = new Fanout({ url: db.url, bus, replicaId: id });
    fanouts.push(fanout);
    await fanout.start();
    expect(fanout.connected).toBe(true);
    return { bus, fanout, seen: record(bus) };
  }

  it("two replicas see each other's events once, and their own once (locally), never twice", async () => {
    const a = await replica("a");
    const b = await replica("b");
    a.bus.publish("instances", ["i-1"]);
    b.bus.publish("groups", ["sg-1"]);
    a.bus.publish("access-keys", null);
    a.bus.publish("clock", { simMs: 1000, speed: 60 });
    await until(() => b.seen.length >= 4 && a.seen.length >= 4);
    await new Promise((r) => setTimeout(r, 300)); // anything doubled would have come back by now
    expect(a.seen).toEqual([
      { name: "instances", payload: ["i-1"], from: null },
      { name: "access-keys", payload: null, from: null },
      { name: "clock", payload: { simMs: 1000, speed: 60 }, from: null },
      { name: "groups", payload: ["sg-1"], from: "b" },
    ]);
    expect(b.seen).toEqual([
      { name: "groups", payload: ["sg-1"], from: null },
      { name: "instances", payload: ["i-1"], from: "a" },
      { name: "access-keys", payload: null, from: "a" },
      { name: "clock", payload: { simMs: 1000, speed: 60 }, from: "a" },
    ]);
  });

  it("5,000 instance ids arrive whole and in order, over several notifications", async () => {
    const a = await replica("a");
    const b = await replica("b");
    const ids = Array.from({ length: 5000 }, (_, i) => `i-${i.toString(16).padStart(17, "0")}`);
    a.bus.publish("instances", ids);
    const got = () => b.seen.filter((s) => s.name === "instances").flatMap((s) => s.payload as string[]);
    await until(() => got().length >= 5000);
    expect(got()).toEqual(ids);
    expect(b.seen.filter((s) => s.name === "instances").length).toBeGreaterThan(1);
    expect(a.seen.filter((s) => s.name === "instances")).toHaveLength(1);
  });

  it("a lost LISTEN session reconnects: both sides refresh, and events flow again", async () => {
    const a = await replica("a");
    const b = await replica("b");
    (b.fanout.session as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    await until(() => !b.fanout.connected, 2000);
    b.bus.publish("instances", ["i-lost"]); // sent while down: dropped, the refresh stands for it
    await until(() => b.fanout.connected, 5000);
    await until(() => b.seen.some((s) => s.name === "refresh") && a.seen.some((s) => s.name === "refresh" && s.from === "b"));
    expect(b.fanout.dropped).toBe(1);
    a.bus.publish("groups", ["sg-after"]);
    await until(() => b.seen.some((s) => s.name === "groups" && s.from === "a"));
  });

  describe("with a Stratus database", () => {
    let w: TestWorld;
    beforeAll(async () => {
      w = await testWorld();
    });
    afterAll(() => w?.close());

    it("a key deactivated on one replica is refused by the other at once, not after its cache's 5 s", async () => {
      // This process's bus (its credential cache listens there) is replica x; y deactivates.
      await replica("x", processBus);
      const y = await replica("y");
      const member = await addMember({ ctx: w.ctx(), input: { email: "ci@acme.test", role: "operator", password: "ci-password-1" } });
      const key = await createAccessKey({ ctx: w.ctx(), input: { userId: member.userId, description: "ci" } });
      expect((await credentialsFor(w.db, key.accessKeyId))?.active).toBe(true);
      // What UpdateAccessKey on replica y does: the row changes, then y tells everyone.
      await w.db.accessKey.update({ where: { id: key.accessKeyId }, data: { status: "Inactive" } });
      expect((await credentialsFor(w.db, key.accessKeyId))?.active).toBe(true); // cached here, until told
      const t0 = Date.now();
      y.bus.publish("access-keys", null);
      await until(async () => (await credentialsFor(w.db, key.accessKeyId))?.active === false, 2000);
      expect(Date.now() - t0).toBeLessThan(2000);
    });

    it("a console viewer on one replica sees, live, the output another replica stored", async () => {
      const writer = await replica("writer");
      const viewer = await replica("viewer");
      const stopFollowing = followConsoles(w.db, viewer.bus);
      try {
        const id = (await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290" } })).instances[0].id;
        // What the writer's appendConsoles stores (its own hub, not this one, hears of it).
        const store = async (lines: string[]) => {
          const row = await w.db.consoleOutput.findUnique({ where: { instanceId: id } });
          const { state } = appendToRing(row ? parseRing(row.text, row.firstSeq) : { lines: [], firstSeq: 1, bytes: 0 }, lines);
          const data = { text: ringText(state), firstSeq: state.firstSeq, nextSeq: state.firstSeq + state.lines.length, bytes: state.bytes, updatedAt: new Date(), nextLineAt: null };
          await w.db.consoleOutput.upsert({ where: { instanceId: id }, create: { instanceId: id, pumpedUntil: new Date(), ...data }, update: data });
          writer.bus.publish("console", [id]);
        };
        await store(["boot 1", "boot 2"]);
        const ac = new AbortController();
        const reader = consoleStream(w.db, { instanceId: id, lastEventId: 0, signal: ac.signal, finished: async () => false }).getReader();
        let text = "";
        const dec = new TextDecoder();
        const pump = (async () => {
          for (;;) {
            const { value, done } = await reader.read();
            if (done) return;
            text += dec.decode(value);
          }
        })();
        const received = () => [...text.matchAll(/"lines":(\[[^\]]*\])/g)].flatMap((m) => JSON.parse(m[1]) as string[]);
        await until(() => received().length >= 2);
        await store(["boot 3"]);
        await store(["login:"]);
        await until(() => received().length >= 4);
        expect(received()).toEqual(["boot 1", "boot 2", "boot 3", "login:"]);
        // Terminated and nothing more to come: the stream ends there too.
        await w.db.instance.update({ where: { id }, data: { state: "terminated" } });
        writer.bus.publish("console", [id]);
        await until(() => text.includes("event: end"));
        ac.abort();
        await pump;
      } finally {
        stopFollowing();
      }
    });
  });
});
