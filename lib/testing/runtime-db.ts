// For tests that boot the runtime in-process (lib/runtime.ts reads DATABASE_URL):
// a SQLite file in their directory, or with STRATUS_TEST_DATABASE=postgres a
// fresh PostgreSQL database, dropped when they finish.
import path from "node:path";
import { createTestPgDatabase, testDialect } from "./pg";

export async function runtimeDatabase(dir: string): Promise<{ close(db: { $disconnect(): Promise<void> }): Promise<void> }> {
  if (testDialect() !== "postgres") {
    process.env.DATABASE_URL = `file:${path.join(dir, "stratus.db")}`;
    return { close: async () => {} };
  }
  const pg = await createTestPgDatabase();
  process.env.DATABASE_URL = pg.url;
  return {
    async close(db) {
      await db.$disconnect();
      await pg.drop();
    },
  };
}
