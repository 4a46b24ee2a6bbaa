// A zone that goes down between a launch's lookups and its write lock: a launch
// that named no zone goes to one that is up, as EC2 picks one for you; one that
// named the zone (or a subnet in it) is refused.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import crypto from "node:crypto";
import { testWorld, type TestWorld } from "../../testing/db";
import { testDialect } from "../../testing/pg";
import { launchInstances } from "./launch";
import { isServiceError } from "../../errors";
import { readRows, transaction } from "../../sql/read-rows";
import { Prisma } from "../../generated/prisma/client";
import type { Tx } from "../../db";

let w: TestWorld;
beforeEach(async () => {
  w = await testWorld();
});
afterEach(async () => {
  await w.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function launchWaitsForLock(): Promise<void> {
  if (testDialect() !== "postgres") return void (await sleep(200));
  for (let n = 0; n < 200; n++) {
    const [r] = await readRows<{ c: bigint }>(w.db, Prisma.sql`SELECT COUNT(*) AS "c" FROM pg_locks WHERE "locktype" = 'advisory' AND NOT "granted"`);
    if (Number(r.c) > 0) return;
    await sleep(25);
  }
  throw new Error("The launch never waited for the write lock.");
}

/** Runs `change` holding the write lock, and commits it once the launch (its lookups done) waits for the lock. */
async function whileLaunching(change: (tx: Tx) => Promise<unknown>, input: Record<string, unknown>): Promise<string> {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let entered!: () => void;
  const inside = new Promise<void>((r) => (entered = r));
  const holder = transaction(w.db, async (tx) => {
    await change(tx);
    entered();
    await gate;
  });
  await inside;
  const launch = launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290", ...input } }).then(
    (r) => r.instances[0].availabilityZone,
    (e) => (isServiceError(e) ? e.code : Promise.reject(e)),
  );
  await launchWaitsForLock();
  release();
  await holder;
  return launch;
}

const outage = (zone: string) => ({ id: crypto.randomUUID(), teamId: w.team.id, zone, startedAt: new Date(), startedBy: "test" });

describe("launch and a zone outage", () => {
  it("goes to a zone that is up when the zone it looked up went down meanwhile, unless it named that zone", async () => {
    // Only 1a is up when the launch looks; by the time it has the lock, 1a is down and 1b is back.
    const down1b = outage("us-east-1b");
    await w.db.zoneOutage.createMany({ data: [down1b, outage("us-east-1c")] });
    const swap = async (tx: Tx) => {
      await tx.zoneOutage.create({ data: outage("us-east-1a") });
      await tx.zoneOutage.update({ where: { id: down1b.id }, data: { endedAt: new Date() } });
    };
    expect(await whileLaunching(swap, {})).toBe("us-east-1b");
    expect(await w.db.instance.count({ where: { availabilityZone: "us-east-1b" } })).toBe(1);
    await w.db.zoneOutage.updateMany({ data: { endedAt: new Date() } });
    await w.db.zoneOutage.createMany({ data: [outage("us-east-1b"), outage("us-east-1c")] });
    expect(await whileLaunching((tx) => tx.zoneOutage.create({ data: outage("us-east-1a") }), { availabilityZone: "us-east-1a" })).toBe("InsufficientInstanceCapacity");
    expect(await w.db.instance.count()).toBe(1);
  });
});
