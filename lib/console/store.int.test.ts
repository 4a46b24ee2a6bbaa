// Several consoles appended in one call: each gets its own lines and schedule
// (the updates go in one statement per hundred consoles).
import { afterEach, beforeEach, expect, it } from "vitest";
import { testWorld, type TestWorld } from "../testing/db";
import { appendConsoles, readConsole } from "./store";

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
