// A fresh PostgreSQL database per test file, on the server at
// STRATUS_TEST_PG_URL; files skip, saying so, when none answers.
import crypto from "node:crypto";
import pg from "pg";

export const TEST_PG_URL = process.env.STRATUS_TEST_PG_URL ?? "postgres://stratus:stratus@127.0.0.1:5432/postgres";

/** The lease table as the PostgreSQL migration makes it (prisma migrate diff of the Lease model). */
export const LEASE_TABLE_SQL = `CREATE TABLE "Lease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "epoch" INTEGER NOT NULL,
    "acquiredAt" TIMESTAMP(3) NOT NULL,
    "renewedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Lease_pkey" PRIMARY KEY ("name")
)`;

export interface TestPg {
  url: string;
  /** A query on the test database from a short-lived session. */
  query<R extends pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>, url = TEST_PG_URL): Promise<T> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  c.on("error", () => {});
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => {});
  }
}

/** True when the test server answers; otherwise says why the PostgreSQL tests are skipped. */
export async function pgAvailable(what: string): Promise<boolean> {
  try {
    await admin((c) => c.query("SELECT 1"));
    return true;
  } catch (e) {
    console.warn(`Skipping ${what}: no PostgreSQL at ${TEST_PG_URL.replace(/\/\/[^@]*@/, "//…@")} (${(e as Error).message}). Set STRATUS_TEST_PG_URL to run them.`);
    return false;
  }
}

/** Creates a database with the lease table; drop() removes it. */
export async function testPg(prefix: string): Promise<TestPg> {
  const name = `${prefix}_${process.pid}_${crypto.randomBytes(4).toString("hex")}`.toLowerCase().replace(/[^a-z0-9_]/g, "_");
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  const u = new URL(TEST_PG_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  await admin((c) => c.query(LEASE_TABLE_SQL), url);
  return {
    url,
    query: (sql, values) => admin(async (c) => (await c.query(sql, values)).rows, url),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  };
}
