// One parameter for any list: 5,000 and 40,000 values in one statement, on
// Prisma's raw path (which refuses more than SQLite's limit) and the plain one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testWorld, type TestWorld } from "../testing/db";
import { Prisma } from "../generated/prisma/client";
import { inList } from "./in-list";
import { readRows } from "./read-rows";

let w: TestWorld;
beforeAll(async () => {
  w = await testWorld();
  await w.db.setting.createMany({ data: Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: String(i) })) });
});
afterAll(() => w.close());

describe("inList", () => {
  it("matches a long list as one parameter", async () => {
    for (const n of [0, 1, 5000, 40_000]) {
      const keys = Array.from({ length: n }, (_, i) => `k${i}`);
      const q = Prisma.sql`SELECT "key" FROM "Setting" WHERE ${inList(Prisma.sql`"key"`, keys)} ORDER BY "key"`;
      expect(q.values).toHaveLength(1);
      const viaPrisma = await w.db.$queryRaw<{ key: string }[]>(q);
      const plain = await readRows<{ key: string }>(w.db, q);
      expect(viaPrisma.length).toBe(Math.min(n, 50));
      expect(plain.map((r) => r.key)).toEqual(viaPrisma.map((r) => r.key));
    }
  });

  it("takes hostile values as data", async () => {
    const q = Prisma.sql`SELECT "key" FROM "Setting" WHERE ${inList(Prisma.sql`"key"`, [`k1"]) OR 1=1 --`, "k2", '\\"', "\u0000"])}`;
    expect((await readRows<{ key: string }>(w.db, q)).map((r) => r.key)).toEqual(["k2"]);
  });
});
