// The migrations a database still needs, from one dialect's folder of
// <name>/migration.sql (prisma/migrations, prisma/migrations-pg), in name order,
// with the checksum Prisma's _prisma_migrations table records.
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function pendingMigrations(dir: string, applied: ReadonlySet<string>): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((n) => !applied.has(n) && fs.existsSync(path.join(dir, n, "migration.sql")))
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

/** The query for the names of the migrations a database has applied (the same on both). */
export const APPLIED = `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
