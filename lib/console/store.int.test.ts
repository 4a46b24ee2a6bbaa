// Several consoles appended in one call: each gets its own lines and schedule
// (the updates go in one statement per hundred consoles).
import { afterEach, beforeEach, expect, it } from "vitest";
import { testWorld, type TestWorld } from "../testing/db";
import { appendConsoles, readConsole } from "./store";
import { subscribeConsole } from "./hub";

let w: TestWorld;
beforeEach(async () => {
  w = await testWorld();
});
afterEach(async () => {
  await w.close();
});

it("appends each instance's lines to its own console and sets only the schedule it was given", async () => {
  const ids = Array.from({ length: 150 }, (_, i) => `i-${String(i).padStart(17, "0")}`);
  const t0 = w.clock.now();
  const due = new Date(t0.getTime() + 60_000);
  await appendConsoles(w.db, ids.map((id) => ({ instanceId: id, lines: [`${id} one`], pumpedUntil: t0, nextLineAt: due })), t0);
  w.clock.advance(10);
  const t1 = w.clock.now();
  const later = new Date(t1.getTime() + 5_000);
  // 0: a new time; 1: no more lines; 2: schedule and pumped-until left as they were.
  await appendConsoles(
    w.db,
    ids.map((id, i) => (i % 3 === 0 ? { instanceId: id, lines: [`${id} two`], pumpedUntil: t1, nextLineAt: later } : i % 3 === 1 ? { instanceId: id, lines: [`${id} two`], pumpedUntil: t1, nextLineAt: null } : { instanceId: id, lines: [`${id} two`] })),
    t1,
  );
  for (const [i, id] of ids.entries()) {
    expect((await readConsole(w.db, id)).lines).toEqual([`${id} one`, `${id} two`]);
    const row = await w.db.consoleOutput.findUniqueOrThrow({ where: { instanceId: id } });
    expect(row.nextLineAt).toEqual([later, null, due][i % 3]);
    expect(row.pumpedUntil).toEqual(i % 3 === 2 ? t0 : t1);
    expect(row.updatedAt).toEqual(t1);
  }
});

it("writes nothing, and publishes nothing, for a console whose pumped-until moved on (a stale writer)", async () => {
  const [a, b] = ["i-0000000000000000a", "i-0000000000000000b"];
  const t0 = w.clock.now();
  await appendConsoles(w.db, [a, b].map((id) => ({ instanceId: id, lines: ["boot"], pumpedUntil: t0 })), t0);
  w.clock.advance(5);
  const t1 = w.clock.now();
  const seen: string[] = [];
  const off = subscribeConsole(a, (e) => seen.push(...e.lines));
  const offB = subscribeConsole(b, (e) => seen.push(...e.lines));
  // a's writer saw t0 (current); b's saw an older time (another writer has been since).
  await appendConsoles(
    w.db,
    [
      { instanceId: a, lines: ["a: next"], pumpedUntil: t1, expectPumpedUntil: t0 },
      { instanceId: b, lines: ["b: again"], pumpedUntil: t1, expectPumpedUntil: new Date(t0.getTime() - 1000) },
    ],
    t1,
  );
  off();
  offB();
  expect((await readConsole(w.db, a)).lines).toEqual(["boot", "a: next"]);
  expect((await readConsole(w.db, b)).lines).toEqual(["boot"]);
  expect(seen).toEqual(["a: next"]);
});

it("applies two writes of one console in one call in order, as one after the other", async () => {
  const id = "i-0000000000000000c";
  const t0 = w.clock.now();
  await appendConsoles(w.db, [{ instanceId: id, lines: ["boot"], pumpedUntil: t0 }], t0);
  w.clock.advance(5);
  const t1 = w.clock.now();
  // Both follow from t0: the first moves pumped-until on, so the second (a duplicate) finds it changed.
  await appendConsoles(
    w.db,
    [
      { instanceId: id, lines: ["first"], pumpedUntil: t1, expectPumpedUntil: t0 },
      { instanceId: id, lines: ["second"], pumpedUntil: t1, expectPumpedUntil: t0 },
    ],
    t1,
  );
  expect((await readConsole(w.db, id)).lines).toEqual(["boot", "first"]);
});
