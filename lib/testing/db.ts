// A real SQLite file per test suite, migrated, with a team and an admin.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrate } from "../sql/migrate";
import { migratePg } from "../sql/migrate-pg";
import { createTestPgDatabase, testDialect } from "./pg";
import { createDb, type Db } from "../db";
import { ManualClock } from "../clock";
import { createTeamRecords } from "../control-plane/teams/records";
import { seedCatalog } from "../control-plane/catalog/seed";
import { newUuid } from "../ids";
import type { Ctx } from "../control-plane/context";
import type { Role } from "../auth/roles";

export interface TestWorld {
  db: Db;
  clock: ManualClock;
  file: string;
  /** The database's URL (a second client on it plays another replica). */
  url: string;
  team: { id: string; name: string };
  ctx(role?: Role, team?: { id: string; name: string }): Ctx;
  addTeam(name: string): Promise<{ id: string; name: string }>;
  /**
   * Another replica's client on the same database: on PostgreSQL a client with
   * a pool (and write queue) of its own; an embedded SQLite file has one
   * server process, so there it is `db`. Disconnected by close().
   */
  replica(name: string): Db;
  close(): Promise<void>;
}

export async function testWorld(start = "2026-03-02T00:00:00Z"): Promise<TestWorld> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stratus-test-"));
  const file = path.join(dir, "test.db");
  // STRATUS_TEST_DATABASE=postgres runs the same suite on a fresh PostgreSQL database.
  const pgDb = testDialect() === "postgres" ? await createTestPgDatabase() : null;
  if (pgDb) {
    process.env.DATABASE_URL = pgDb.url;
    await migratePg(pgDb.url, path.resolve("prisma/migrations-pg"));
  } else migrate(file, path.resolve("prisma/migrations"));
  const url = pgDb ? pgDb.url : `file:${file}`;
  const db = createDb(url);
  const clock = new ManualClock(start);
  await seedCatalog(db, clock.now());
  const users = new Map<string, string>();
  async function addTeam(name: string) {
    const team = await db.$transaction((tx) => createTeamRecords(tx, name, clock.now()));
    return team;
  }
  const team = await addTeam("Acme");
  function ctx(role: Role = "admin", t = team): Ctx {
    const key = `${t.id}:${role}`;
    if (!users.has(key)) users.set(key, newUuid());
    return { actor: { kind: "user", id: users.get(key)!, email: `${role}@${t.name.toLowerCase()}.test` }, team: t, role, db, clock, sourceIp: "127.0.0.1", via: "console" };
  }
  const replicas: Db[] = [];
  // Clients of one URL share its pool: each replica's URL differs in its application name.
  const replica = (name: string) => (pgDb ? (replicas[replicas.push(createDb(`${url}${url.includes("?") ? "&" : "?"}application_name=${encodeURIComponent(name)}`)) - 1]) : db);
  return {
    db, clock, file, url, team, ctx, addTeam, replica,
    async close() {
      for (const r of replicas) await r.$disconnect();
      await db.$disconnect();
      await pgDb?.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
