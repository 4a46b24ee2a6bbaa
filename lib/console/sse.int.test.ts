// SSE: resume after a disconnect without loss or duplicates; a resume older
// than the kept 64 KB says what was dropped; a terminated instance's stream
// replays and ends.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testWorld, type TestWorld } from "../testing/db";
import { launchInstances } from "../control-plane/instances/launch";
import { appendConsoles } from "./store";
import { consoleStream } from "./sse";
import { viewerCount } from "./hub";

let w: TestWorld;
let id: string;
beforeEach(async () => {
  w = await testWorld();
  id = (await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290" } })).instances[0].id;
});
afterEach(() => w.close());

interface Ev {
  id?: number;
  event: string;
  data: { fromSeq?: number; lines?: string[]; message?: string };
}

/** Reads SSE events until `until` says stop; returns them and the abort. */
async function read(lastEventId: number, until: (evs: Ev[]) => boolean, finished = async () => false) {
  const ac = new AbortController();
  const stream = consoleStream(w.db, { instanceId: id, lastEventId, signal: ac.signal, finished });
  const reader = stream.getReader();
  const dec = new TextDecoder();
  let buf = "";
  const events: Ev[] = [];
  let ended = false;
  while (!until(events)) {
    const { value, done } = await reader.read();
    if (done) {
      ended = true;
      break;
    }
    buf += dec.decode(value);
    let i: number;
    while ((i = buf.indexOf("\n\n")) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      if (block.startsWith(":") || block.startsWith("retry")) continue;
      const f = Object.fromEntries(block.split("\n").map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 2)]));
      events.push({ id: f.id ? Number(f.id) : undefined, event: f.event, data: JSON.parse(f.data) });
    }
  }
  ac.abort();
  return { events, ended };
}

const lines = (evs: Ev[]) => evs.filter((e) => e.event === "lines").flatMap((e) => e.data.lines!);
const write = (ls: string[]) => appendConsoles(w.db, [{ instanceId: id, lines: ls }], w.clock.now());

describe("console over SSE", () => {
  it("replays what is kept, then streams live; a reconnect resumes exactly after the last event", async () => {
    await write(["line 1", "line 2", "line 3"]);
    const first = read(0, (evs) => lines(evs).length >= 5);
    await new Promise((r) => setTimeout(r, 30));
    await write(["line 4", "line 5"]);
    const a = await first;
    expect(lines(a.events)).toEqual(["line 1", "line 2", "line 3", "line 4", "line 5"]);
    const lastId = a.events.filter((e) => e.id).at(-1)!.id!;
    expect(lastId).toBe(5);
    // disconnected: more lines are written meanwhile
    await write(["line 6", "line 7"]);
    const resumed = read(lastId, (evs) => lines(evs).length >= 3);
    await new Promise((r) => setTimeout(r, 30));
    await write(["line 8"]);
    const b = await resumed;
    expect(lines(b.events)).toEqual(["line 6", "line 7", "line 8"]);
    expect(b.events.filter((e) => e.id).map((e) => e.id)).toEqual([7, 8]);
  });

  it("many viewers share one source: no one polls the database", async () => {
    await write(["hello"]);
    const viewers = Array.from({ length: 20 }, () => read(1, (evs) => lines(evs).length >= 1));
    await new Promise((r) => setTimeout(r, 50));
    expect(viewerCount(id)).toBe(20);
    await write(["to everyone"]);
    const all = await Promise.all(viewers);
    for (const v of all) expect(lines(v.events)).toEqual(["to everyone"]);
  });

  it("a resume older than the kept 64 KB starts at the oldest kept line and says so", async () => {
    for (let i = 0; i < 80; i++) await write([`${i}:`.padEnd(1023, "x")]);
    const r = await read(3, (evs) => evs.some((e) => e.event === "lines"));
    const notice = r.events.find((e) => e.event === "notice");
    expect(notice?.data.message).toContain("Earlier output was dropped");
    const first = r.events.find((e) => e.event === "lines")!;
    expect(first.data.fromSeq).toBe(17);
    expect(first.data.lines![0].startsWith("16:")).toBe(true);
  });

  it("a terminated instance's stream replays what was kept and ends", async () => {
    await write(["last words"]);
    const r = await read(0, () => false, async () => true);
    expect(r.ended).toBe(true);
    expect(lines(r.events)).toEqual(["last words"]);
    expect(r.events.at(-1)?.event).toBe("end");
  });
});
