// A zone that goes down between a launch's lookups and its write lock: a launch
// that named no zone goes to one that is up, as EC2 picks one for you; one that
// named the zone (or a subnet in it) is refused.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import crypto from "node:crypto";
import { testWorld, type TestWorld } from "../../testing/db";
import { launchInstances } from "./launch";
import { isServiceError } from "../../errors";
import { whileHoldingWriteLock } from "../../testing/write-lock";
import type { Tx } from "../../db";

let w: TestWorld;
beforeEach(async () => {
  w = await testWorld();
});
afterEach(async () => {
  await w.close();
});

/** Makes `change` holding the write lock, and commits it once the launch (its lookups done) waits for the lock. */
const whileLaunching = (change: (tx: Tx) => Promise<unknown>, input: Record<string, unknown>): Promise<string> =>
  whileHoldingWriteLock(w.db, change, () =>
    launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290", ...input } }).then(
      (r) => r.instances[0].availabilityZone,
      (e) => (isServiceError(e) ? e.code : Promise.reject(e)),
    ),
  );

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
