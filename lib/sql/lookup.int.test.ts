// Lookups sent together (on PostgreSQL one statement) answer, and refuse, in
// the order they are listed, as one after another would.
import { afterEach, beforeEach, expect, it } from "vitest";
import { testWorld, type TestWorld } from "../testing/db";
import { Prisma } from "../generated/prisma/client";
import { lookUp, lookUpAll, type Lookup } from "./lookup";

let w: TestWorld;
beforeEach(async () => {
  w = await testWorld();
});
afterEach(async () => {
  await w.close();
});

const setting = (key: string): Lookup<string> => ({
  sql: Prisma.sql`SELECT "value" FROM "Setting" WHERE "key" = ${key}`,
  read(rows) {
    if (!rows.length) throw new Error(`no ${key}`);
    return String(rows[0].value);
  },
});

it("answers in order, with plain values standing for themselves", async () => {
  await w.db.setting.createMany({ data: [{ key: "l.a", value: "1" }, { key: "l.b", value: "2" }] });
  expect(await lookUpAll(w.db, [setting("l.b"), null, setting("l.a")] as const)).toEqual(["2", null, "1"]);
  expect(await lookUp(w.db, setting("l.a"))).toBe("1");
});

it("the first refusal in the listed order wins, whichever query ran first", async () => {
  await w.db.setting.create({ data: { key: "l.a", value: "1" } });
  await expect(lookUpAll(w.db, [setting("l.a"), setting("l.missing1"), setting("l.missing2")] as const)).rejects.toThrow("no l.missing1");
  await expect(lookUpAll(w.db, [setting("l.missing2"), setting("l.missing1")] as const)).rejects.toThrow("no l.missing2");
});
