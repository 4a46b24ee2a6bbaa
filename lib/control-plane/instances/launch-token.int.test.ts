// RunInstances' idempotency token against what a concurrent launch with the
// same token changed: the retry must get that launch back, not a refusal.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testWorld, type TestWorld } from "../../testing/db";
import { launchInstances } from "./launch";
import { whileHoldingWriteLock } from "../../testing/write-lock";
import { isServiceError } from "../../errors";
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


/** Runs the launches while another transaction holds the write lock, so that each has done its lookups (found no launch for the token) before any gets it. */
const afterLookups = (holderDb: Db, launches: () => Promise<string>[]): Promise<string[]> =>
  whileHoldingWriteLock(holderDb, async () => {}, () => Promise.all(launches()), 2);

describe("launch idempotency under races", () => {
  it("a token sent twice at once, for as many instances as the limit leaves, launches once and both get it", async () => {
    // Two more clients on the same database play other replicas (TestWorld.replica: on PostgreSQL each with a pool of its own).
    const other = w.replica("other");
    const holderDb = w.replica("holder");
    await w.db.team.update({ where: { id: w.team.id }, data: { instanceLimit: 3 } });
    const input = { imageId: "ami-f937d290", minCount: 3, clientToken: "at-the-limit" };
    const results = await afterLookups(holderDb, () => [w.db, other].map((db) => outcome(launchInstances({ ctx: { ...w.ctx(), db }, input }))));
    expect(results.filter((r) => !r.startsWith("r-"))).toEqual([]);
    expect(new Set(results).size).toBe(1);
    expect(await w.db.instance.count()).toBe(3);
  });
});
