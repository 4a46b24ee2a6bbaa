// Applies prisma/migrations/*/migration.sql in order, recording them in Prisma's
// own _prisma_migrations table so the Prisma CLI agrees about what is applied.
// (Spawning the CLI on every start costs seconds; this costs milliseconds.)
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import Database from "better-sqlite3";
import { isPostgresUrl } from "./dialect";
import { migratePg } from "./migrate-pg";
import { sqlitePath } from "../config";
import { APPLIED, pendingMigrations } from "./pending-migrations";

const TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`;

export function migrationsDir(): string {
  return path.resolve(process.env.STRATUS_MIGRATIONS_DIR ?? path.join(/*turbopackIgnore: true*/ process.cwd(), "prisma", "migrations"));
}

/** Returns the names of the migrations it applied. */
export function migrate(file: string, dir = migrationsDir()): string[] {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma("journal_mode = WAL");
    db.exec(TABLE);
    const done = new Set((db.prepare(APPLIED).all() as { migration_name: string }[]).map((r) => r.migration_name));
    const applied: string[] = [];
    for (const { name, sql, checksum } of pendingMigrations(dir, done)) {
      db.transaction(() => {
        db.exec(sql);
        db.prepare(
          `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)`,
        ).run(crypto.randomUUID(), checksum, Date.now(), name, Date.now());
      })();
      applied.push(name);
    }
    return applied;
  } finally {
    db.close();
  }
}

/** Migrates the database behind a URL, whichever kind it is. */
export async function migrateDatabase(url: string): Promise<string[]> {
  if (isPostgresUrl(url)) return migratePg(url);
  return migrate(sqlitePath(url));
}
