// Replicas starting together on an empty database (issue 14): each seeds the
// catalog and tries the first-start bootstrap; the catalog is written once and
// one admin is made, and neither start fails.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testWorld, type TestWorld } from "../../testing/db";
import { testDialect } from "../../testing/pg";
import { createDb, type Db } from "../../db";
import { seedCatalog } from "../catalog/seed";
import { BUILTIN_IMAGES, BUILTIN_TYPES } from "../catalog/seed-data";
import { bootstrap } from "./bootstrap";

let w: TestWorld;
let other: Db;
beforeEach(async () => {
  w = await testWorld();
  // A second replica: its own client and connections (pools are per URL) on the same database.
  // SQLite has one process, so there it is the same client, called concurrently.
  other = testDialect() === "postgres" ? createDb(`${process.env.DATABASE_URL}?application_name=second-replica`) : w.db;
  process.env.STRATUS_DEMO = "0";
  process.env.STRATUS_ADMIN_PASSWORD = "first-start-password";
});
afterEach(async () => {
  if (other !== w.db) await other.$disconnect();
  await w.close();
  delete process.env.STRATUS_ADMIN_PASSWORD;
});

describe("two replicas starting at once", () => {
  it("seed the built-in catalog once", async () => {
    await w.db.image.deleteMany({});
    await w.db.instanceType.deleteMany({});
    await Promise.all([w.db, other, w.db, other].map((db) => seedCatalog(db, w.clock.now())));
    expect(await w.db.instanceType.count({ where: { ownerTeamId: null } })).toBe(BUILTIN_TYPES.length);
    expect(await w.db.image.count()).toBe(BUILTIN_IMAGES.length);
  });

  it("make one team and one admin, and both say whether they did", async () => {
    const lines: string[] = [];
    const made = await Promise.all([bootstrap(w.db, w.clock, (l) => lines.push(l)), bootstrap(other, w.clock, (l) => lines.push(l))]);
    expect(made.sort()).toEqual([false, true]);
    expect(await w.db.user.findMany({ select: { email: true } })).toEqual([{ email: "admin@stratus.local" }]);
    expect(await w.db.team.count({ where: { name: "Default" } })).toBe(1);
    expect(await w.db.auditEvent.count({ where: { action: "CreateTeam", actorLabel: "bootstrap" } })).toBe(1);
    expect(lines).toEqual([`Stratus: created team "Default" with admin admin@stratus.local (password from STRATUS_ADMIN_PASSWORD).`]);
    // A later start finds the admin and does nothing.
    expect(await bootstrap(other, w.clock, (l) => lines.push(l))).toBe(false);
  });
});
