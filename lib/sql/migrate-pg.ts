// Applies prisma/migrations-pg/*/migration.sql in order on PostgreSQL, each in
// its own transaction, recording them in Prisma's _prisma_migrations table.
// Replicas starting together take one advisory lock: the first migrates, the
// others wait and find nothing left to do.
import path from "node:path";
import crypto from "node:crypto";
import pg from "pg";
import { APPLIED, pendingMigrations } from "./pending-migrations";

const TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`;

/** Any fixed 64-bit key: "stratus migrate". */
const LOCK_KEY = 7_305_198_001n;

export function pgMigrationsDir(): string {
  return path.resolve(process.env.STRATUS_PG_MIGRATIONS_DIR ?? path.join(/*turbopackIgnore: true*/ process.cwd(), "prisma", "migrations-pg"));
}

/** Returns the names of the migrations it applied. */
export async function migratePg(url: string, dir = pgMigrationsDir()): Promise<string[]> {
  const client = new pg.Client({ connectionString: url, application_name: "stratus-migrate" });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY.toString()]);
    await client.query(TABLE);
    const done = new Set((await client.query<{ migration_name: string }>(APPLIED)).rows.map((r) => r.migration_name));
    const applied: string[] = [];
    for (const { name, sql, checksum } of pendingMigrations(dir, done)) {
      await client.query("BEGIN");
      try {
        // A simple-protocol query may hold many statements; DDL is transactional here.
        await client.query(sql);
        await client.query(
          `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, now(), 1)`,
          [crypto.randomUUID(), checksum, name],
        );
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {});
        throw new Error(`PostgreSQL migration ${name} failed: ${(e as Error).message}`);
      }
      applied.push(name);
    }
    return applied;
  } finally {
    await client.query("SELECT pg_advisory_unlock_all()").catch(() => {});
    await client.end();
  }
}
