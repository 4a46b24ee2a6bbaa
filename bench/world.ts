// A migrated database with one team, for benchmarks: a SQLite file, or a fresh
// PostgreSQL database on the server at STRATUS_TEST_PG_URL (as the tests use).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrate } from "../lib/sql/migrate";
import { migratePg } from "../lib/sql/migrate-pg";
import { createTestPgDatabase } from "../lib/testing/pg";
import { createDb, type Db } from "../lib/db";
import { ManualClock } from "../lib/clock";
import { createTeamRecords } from "../lib/control-plane/teams/records";
import { seedCatalog } from "../lib/control-plane/catalog/seed";
import type { Ctx } from "../lib/control-plane/context";

export interface BenchWorld {
  dir: string;
  file: string;
  /** The database's URL (a server started on this world is given it). */
  url: string;
  db: Db;
  clock: ManualClock;
  team: { id: string; name: string };
  ctx: Ctx;
  /**
   * After seeding: the statistics and visibility map each database's own
   * upkeep reaches within a minute (PostgreSQL's autovacuum; a SQLite server
   * runs PRAGMA optimize as it opens the file), so figures are the steady
   * state's, not those of a table PostgreSQL still believes empty.
   */
  settle(): Promise<void>;
  /** Disconnects; a PostgreSQL database is dropped (a SQLite file goes with the process). */
  close(): Promise<void>;
}

export async function benchWorld(start = "2026-01-01T00:00:00Z", opts: { postgres?: boolean } = {}): Promise<BenchWorld> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stratus-bench-"));
  // Benchmark databases are hundreds of megabytes: gone when the run ends.
  process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, "stratus.db");
  const pg = opts.postgres ? await createTestPgDatabase("stratus_bench") : null;
  const url = pg ? pg.url : `file:${file}`;
  // The SQL dialect is the process's (DATABASE_URL), and servers inherit it.
  if (pg) process.env.DATABASE_URL = url;
  else delete process.env.DATABASE_URL;
  if (pg) await migratePg(url, path.resolve("prisma/migrations-pg"));
  else migrate(file, path.resolve("prisma/migrations"));
  const db = createDb(url);
  const clock = new ManualClock(start);
  await seedCatalog(db, clock.now());
  const team = await db.$transaction((tx) => createTeamRecords(tx, "Bench", clock.now()));
  await db.team.update({ where: { id: team.id }, data: { instanceLimit: 1_000_000 } });
  const ctx: Ctx = { actor: { kind: "system", label: "bench" }, team, role: "admin", db, clock, sourceIp: "127.0.0.1", via: "system" };
  const close = async () => {
    await db.$disconnect();
    await pg?.drop();
  };
  const settle = async () => {
    if (pg) await db.$executeRawUnsafe("VACUUM ANALYZE");
  };
  return { dir, file, url, db, clock, team, ctx, settle, close };
}

export const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
export const now = () => process.hrtime.bigint();

export function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  if (!s.length) return { p50: NaN, p95: NaN, p99: NaN, max: NaN, n: 0 }; // null in the JSON
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { p50: +q(0.5).toFixed(2), p95: +q(0.95).toFixed(2), p99: +q(0.99).toFixed(2), max: +s[s.length - 1].toFixed(2), n: s.length };
}
