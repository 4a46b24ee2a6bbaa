// Test databases on PostgreSQL: STRATUS_TEST_DATABASE=postgres makes every
// test world a fresh database on the server at STRATUS_TEST_PG_URL.
import crypto from "node:crypto";
import pg from "pg";

export const testPgAdminUrl = (): string => process.env.STRATUS_TEST_PG_URL ?? "postgres://stratus:stratus@127.0.0.1:5432/postgres";

export const testDialect = (): "sqlite" | "postgres" => (process.env.STRATUS_TEST_DATABASE === "postgres" ? "postgres" : "sqlite");

/** The URL of database `name` on the test server. */
export function pgUrlFor(name: string): string {
  const u = new URL(testPgAdminUrl());
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: testPgAdminUrl() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Whether a PostgreSQL server answers at the test URL. */
export async function pgAvailable(): Promise<boolean> {
  try {
    await admin((c) => c.query("SELECT 1"));
    return true;
  } catch {
    return false;
  }
}

export async function createTestPgDatabase(prefix = "stratus_t"): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${crypto.randomBytes(6).toString("hex")}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  return {
    name,
    url: pgUrlFor(name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
