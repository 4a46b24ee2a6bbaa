// A fresh PostgreSQL database with the lease table, for the cluster's tests
// (lib/cluster): on the server at STRATUS_TEST_PG_URL; files skip, saying so,
// when none answers.
import pg from "pg";
import { createTestPgDatabase, pgAvailable, testPgAdminUrl } from "./pg";

/** The lease table as the PostgreSQL migration makes it (prisma migrate diff of the Lease model). */
export const LEASE_TABLE_SQL = `CREATE TABLE IF NOT EXISTS "Lease" (
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

async function session<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  c.on("error", () => {});
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => {});
  }
}

/** True when the test server answers; otherwise says which tests are skipped and why. */
export async function clusterPgAvailable(what: string): Promise<boolean> {
  if (await pgAvailable()) return true;
  console.warn(`Skipping ${what}: no PostgreSQL answers at ${testPgAdminUrl().replace(/\/\/[^@]*@/, "//…@")}. Set STRATUS_TEST_PG_URL to run them.`);
  return false;
}

/** A fresh database with the lease table; drop() removes it. */
export async function testPg(prefix: string): Promise<TestPg> {
  const created = await createTestPgDatabase(prefix);
  await session(created.url, (c) => c.query(LEASE_TABLE_SQL));
  return {
    url: created.url,
    query: (sql, values) => session(created.url, async (c) => (await c.query(sql, values)).rows),
    drop: created.drop,
  };
}
