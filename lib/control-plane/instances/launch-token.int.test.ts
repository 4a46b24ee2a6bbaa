// RunInstances' idempotency token against what a concurrent launch with the
// same token changed: the retry must get that launch back, not a refusal.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testWorld, type TestWorld } from "../../testing/db";
import { createDb } from "../../db";
import { testDialect } from "../../testing/pg";
import { launchInstances } from "./launch";
import { isServiceError } from "../../errors";
import { readRows, transaction } from "../../sql/read-rows";
import { Prisma } from "../../generated/prisma/client";
import type { Db } from "../../db";

let w: TestWorld;
beforeEach(async () => {
  w = await testWorld();
});
afterEach(async () => {
  await w.close();
});

async function outcome(p: Promise<{ reservationId: string }>): Promise<string> {
  try {
    return (await p).reservationId;
  } catch (e) {
    if (isServiceError(e)) return e.code;
    throw e;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Until the launches wait for the write lock, their lookups done: PostgreSQL
 * shows them in pg_locks (a moment more for the rest of them); SQLite's
 * lookups are synchronous, so a moment is enough.
 */
async function waitingForLock(): Promise<void> {
  if (testDialect() === "postgres")
    for (let k = 0; ; k++) {
      const [r] = await readRows<{ c: bigint }>(w.db, Prisma.sql`SELECT COUNT(*) AS "c" FROM pg_locks WHERE "locktype" = 'advisory' AND NOT "granted"`);
      if (Number(r.c) >= 2) break;
      if (k > 200) throw new Error("No launch waited for the write lock.");
      await sleep(25);
    }
  await sleep(300);
}

/** Runs the launches while another transaction holds the write lock, so that each has done its lookups (found no launch for the token) before any gets it. */
async function afterLookups(holderDb: Db, launches: () => Promise<string>[]): Promise<string[]> {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let entered!: () => void;
  const inside = new Promise<void>((r) => (entered = r));
  const holder = transaction(holderDb, async () => {
    entered();
    await gate;
  });
  await inside;
  const all = Promise.all(launches());
  await waitingForLock();
  release();
  await holder;
  return all;
}

describe("launch idempotency under races", () => {
  it("a token sent twice at once, for as many instances as the limit leaves, launches once and both get it", async () => {
    // Two more clients on the same database play other replicas (PostgreSQL; an embedded SQLite file has one server process),
    // each with a URL of its own: clients of one URL share a pool, its queue and $disconnect.
    const pg = testDialect() === "postgres";
    const replica = (name: string) => createDb(`${w.url}${w.url.includes("?") ? "&" : "?"}application_name=${name}`);
    const other = pg ? replica("other") : w.db;
    const holderDb = pg ? replica("holder") : w.db;
    try {
      await w.db.team.update({ where: { id: w.team.id }, data: { instanceLimit: 3 } });
      const input = { imageId: "ami-f937d290", minCount: 3, clientToken: "at-the-limit" };
      const results = await afterLookups(holderDb, () => [w.db, other].map((db) => outcome(launchInstances({ ctx: { ...w.ctx(), db }, input }))));
      expect(results.filter((r) => !r.startsWith("r-"))).toEqual([]);
      expect(new Set(results).size).toBe(1);
      expect(await w.db.instance.count()).toBe(3);
    } finally {
      if (other !== w.db) await other.$disconnect();
      if (holderDb !== w.db) await holderDb.$disconnect();
    }
  });
});
