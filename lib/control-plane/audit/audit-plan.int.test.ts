// The audit log filtered by action, on a team with a long log: Stratus's
// PostgreSQL connections use generic plans (lib/sql/pg.ts), which can't know
// that the action asked for is rare, so the index has to make the right plan
// the only sensible one whatever the value.
import { afterEach, beforeEach, expect, it } from "vitest";
import { testWorld, type TestWorld } from "../../testing/db";
import { testDialect } from "../../testing/pg";
import { pgPool } from "../../sql/pg";
import { execSql } from "../../sql/read-rows";
import { Prisma } from "../../generated/prisma/client";
import { listAudit } from "./audit";

let w: TestWorld;
beforeEach(async () => {
  w = await testWorld();
});
afterEach(async () => {
  await w.close();
});

const ROWS = 30_000;

async function seed() {
  // A busy team's log: two common actions and one rare one (every 10,000th).
  const start = new Date("2026-03-01T00:00:00Z").getTime();
  const rows = Array.from({ length: ROWS }, (_, g) => [w.team.id, new Date(start - g * 1000), "alice", (g + 1) % 10_000 === 0 ? "DeleteKeyPair" : g % 2 ? "RunInstances" : "TerminateInstances"] as const);
  for (let n = 0; n < rows.length; n += 1000) {
    const batch = rows.slice(n, n + 1000).map((r) => Prisma.sql`(${r[0]}, ${r[1]}, ${r[2]}, ${r[3]}, '', '', 'success', '')`);
    await execSql(w.db, Prisma.sql`INSERT INTO "AuditEvent" ("teamId", "at", "actorLabel", "action", "targets", "sourceIp", "result", "details") VALUES ${Prisma.join(batch)}`);
  }
  await execSql(w.db, Prisma.sql`ANALYZE "AuditEvent"`);
}

it("a rare action's page comes newest first", async () => {
  await seed();
  const page = await listAudit({ ctx: w.ctx(), input: { action: "DeleteKeyPair", pageSize: 2 } });
  expect(page.total).toBe(3);
  expect(page.items.map((e) => e.at)).toEqual(["2026-02-28T21:13:21.000Z", "2026-02-28T18:26:41.000Z"]);
});

it.runIf(testDialect() === "postgres")("the action filter's generic plan reads that action's events only, not the team's whole log", async () => {
  await seed();
  const conn = await pgPool(w.url).connect();
  try {
    // The page's query as Prisma sends it, planned as the app's connections plan it.
    await conn.query(`PREPARE audit_page(text, text, int, int) AS SELECT * FROM "AuditEvent" WHERE "teamId" = $1 AND "action" = $2 ORDER BY "at" DESC, "id" DESC LIMIT $3 OFFSET $4`);
    const plan = await conn.query(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) EXECUTE audit_page('${w.team.id}', 'DeleteKeyPair', 50, 0)`);
    const text = plan.rows.map((r: Record<string, string>) => r["QUERY PLAN"]).join("\n");
    expect(text).toMatch(/Index Cond: .*action/);
    expect(text).not.toMatch(/Rows Removed by Filter/);
    await conn.query(`DEALLOCATE audit_page`);
  } finally {
    conn.release();
  }
});
