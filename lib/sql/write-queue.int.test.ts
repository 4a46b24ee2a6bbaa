// Transactions waiting for the one writer must not take the connections plain
// reads need: on PostgreSQL a transaction waiting for the write lock on a pool
// connection would hold it (lib/db.ts queues them before the pool instead).
import { afterEach, beforeEach, expect, it } from "vitest";
import { testWorld, type TestWorld } from "../testing/db";
import { Prisma } from "../generated/prisma/client";
import { readRows, transaction } from "./read-rows";

// A small pool, so a handful of waiting transactions could fill it.
process.env.STRATUS_PG_POOL = "3";

let w: TestWorld;
beforeEach(async () => {
  w = await testWorld();
});
afterEach(async () => {
  await w.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it("answers plain reads while transactions wait for the writer, then runs every one of them", async () => {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let entered!: () => void;
  const inside = new Promise<void>((r) => (entered = r));
  const first = transaction(w.db, async (tx) => {
    await tx.setting.create({ data: { key: "first", value: "x" } });
    entered();
    await held;
  });
  await inside;
  // More transactions than the pool has connections wait for the writer.
  const waiting = Array.from({ length: 6 }, (_, i) => transaction(w.db, (tx) => tx.setting.create({ data: { key: `w${i}`, value: "x" } })));
  await sleep(200);
  const reads = Promise.all([readRows<{ key: string }>(w.db, Prisma.sql`SELECT "key" FROM "Setting" WHERE "key" = 'first'`), w.db.setting.count({ where: { key: { startsWith: "w" } } })]);
  // Not a timing: a bound on a wait that, without the queue, lasts until the first transaction ends.
  const answered = await Promise.race([reads, sleep(10_000).then(() => "still waiting" as const)]);
  expect(answered).toEqual([[], 0]);
  release();
  await first;
  await Promise.all(waiting);
  expect(await w.db.setting.count({ where: { key: { startsWith: "w" } } })).toBe(6);
});
