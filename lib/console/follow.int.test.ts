// Following other replicas' console writes (a real SQLite file; the bus
// delivers as the fan-out would): only watched instances are read, only the
// lines after the last one published here are published, local events are
// ignored (they were published as they were stored), a refresh re-reads.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testWorld, type TestWorld } from "../testing/db";
import { launchInstances } from "../control-plane/instances/launch";
import { createBus, type Bus } from "../events";
import { followConsoles } from "./follow";
import { subscribeConsole, lastPublishedSeq, type ConsoleChunk } from "./hub";
import { appendToRing, parseRing, ringText } from "./ring";

let w: TestWorld;
let bus: Bus;
let stop: () => void;
let id: string;
beforeEach(async () => {
  w = await testWorld();
  bus = createBus();
  stop = followConsoles(w.db, bus);
  id = (await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290" } })).instances[0].id;
});
afterEach(async () => {
  stop();
  await w.close();
});

/** Stores lines as another replica would (this process's hub hears nothing). */
async function storeElsewhere(lines: string[]) {
  const row = await w.db.consoleOutput.findUnique({ where: { instanceId: id } });
  const { state } = appendToRing(row ? parseRing(row.text, row.firstSeq) : { lines: [], firstSeq: 1, bytes: 0 }, lines);
  const data = { text: ringText(state), firstSeq: state.firstSeq, nextSeq: state.firstSeq + state.lines.length, bytes: state.bytes, updatedAt: new Date() };
  await w.db.consoleOutput.upsert({ where: { instanceId: id }, create: { instanceId: id, pumpedUntil: new Date(), ...data }, update: data });
}

const settle = () => new Promise((r) => setTimeout(r, 50));

describe("following other replicas' consoles", () => {
  it("publishes to this replica's viewers what another replica stored, each line once", async () => {
    const seen: ConsoleChunk[] = [];
    const off = subscribeConsole(id, (c) => seen.push(c));
    await storeElsewhere(["one", "two"]);
    bus.deliver("console", [id], "leader");
    await settle();
    await storeElsewhere(["three"]);
    bus.deliver("console", [id], "leader");
    bus.deliver("console", [id], "leader"); // a repeat publishes nothing new
    await settle();
    expect(seen.map((c) => [c.fromSeq, c.lines])).toEqual([
      [1, ["one", "two"]],
      [3, ["three"]],
    ]);
    expect(lastPublishedSeq(id)).toBe(3);
    off();
    expect(lastPublishedSeq(id)).toBeUndefined();
  });

  it("ignores this replica's own events and instances nobody watches here; a refresh re-reads the watched ones", async () => {
    await storeElsewhere(["one"]);
    bus.deliver("console", [id], "leader"); // nobody watches: nothing read or published
    const seen: ConsoleChunk[] = [];
    const off = subscribeConsole(id, (c) => seen.push(c));
    bus.publish("console", [id]); // this replica's own write: already published when stored
    await settle();
    expect(seen).toEqual([]);
    bus.deliver("refresh", null, "leader");
    await settle();
    expect(seen.map((c) => c.lines)).toEqual([["one"]]);
    off();
  });
});
