// A transaction rolled back at its timeout while its callback still runs: the
// callback's plain SQL must not run on the connection afterwards, outside the
// transaction (on SQLite perhaps inside the next one, on PostgreSQL on a
// connection back in the pool).
import { afterEach, beforeEach, expect, it } from "vitest";
import { testWorld, type TestWorld } from "../testing/db";
import { Prisma } from "../generated/prisma/client";
import { execSql, readRows, transaction } from "./read-rows";

let w: TestWorld;
beforeEach(async () => {
  w = await testWorld();
});
afterEach(async () => {
  await w.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it("writes nothing after its timeout: the late statement is refused, the early one rolled back", async () => {
  let late: unknown = "not reached";
  const slow = transaction(
    w.db,
    async (tx) => {
      await execSql(tx, Prisma.sql`INSERT INTO "Setting" ("key", "value") VALUES ('early', 'x')`);
      await sleep(700);
      late = await execSql(tx, Prisma.sql`INSERT INTO "Setting" ("key", "value") VALUES ('late', 'x')`).catch((e: Error) => e.message);
    },
    { timeout: 300 },
  );
  await expect(slow).rejects.toThrow();
  await sleep(800);
  expect(late).toMatch(/transaction has ended/);
  expect(await readRows(w.db, Prisma.sql`SELECT "key" FROM "Setting" WHERE "key" IN ('early', 'late')`)).toEqual([]);
  // The database goes on: the next transaction writes.
  await transaction(w.db, (tx) => execSql(tx, Prisma.sql`INSERT INTO "Setting" ("key", "value") VALUES ('next', 'x')`));
  expect(await readRows(w.db, Prisma.sql`SELECT "key" FROM "Setting" WHERE "key" = 'next'`)).toEqual([{ key: "next" }]);
});
