// A fresh, migrated PostgreSQL database, for the cluster's tests
// (lib/cluster): on the server at STRATUS_TEST_PG_URL; files skip, saying so,
// when none answers.
import path from "node:path";
import pg from "pg";
import { migratePg } from "../sql/migrate-pg";
import { createTestPgDatabase, pgAvailable, testPgAdminUrl } from "./pg";

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

/** A fresh database, migrated (the lease table included); drop() removes it. */
export async function testPg(prefix: string): Promise<TestPg> {
  const created = await createTestPgDatabase(prefix);
  await migratePg(created.url, path.resolve("prisma/migrations-pg"));
  return {
    url: created.url,
    query: (sql, values) => session(created.url, async (c) => (await c.query(sql, values)).rows),
    drop: created.drop,
  };
}
