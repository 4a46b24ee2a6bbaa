// A small team's running instances, next to a big team's long history of
// terminated ones: Stratus's PostgreSQL connections plan with generic plans
// (lib/sql/pg.ts), which can't tell a rare state from a common one when the
// state is a parameter, so the list's states are written into its SQL.
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import pg from "pg";
import { testWorld, type TestWorld } from "../../testing/db";
import { testDialect } from "../../testing/pg";
import { pgPool, toPg } from "../../sql/pg";
import { execSql } from "../../sql/read-rows";
import { Prisma } from "../../generated/prisma/client";
import { launchInstances } from "./launch";
import { listInstances } from "./list";

let w: TestWorld;
beforeEach(async () => {
  w = await testWorld();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await w.close();
});

it.runIf(testDialect() === "postgres")("a small team's running instances are found through the state index, not by reading every team's history", async () => {
  await w.db.team.update({ where: { id: w.team.id }, data: { instanceLimit: 10_000 } });
  for (let n = 0; n < 5; n++) {
    await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290", minCount: 700 } });
    // Terminated long ago: their addresses went back to the pools.
    await execSql(w.db, Prisma.sql`UPDATE "Instance" SET "state" = 'terminated', "terminatedAt" = ${new Date("2026-01-01T00:00:00Z")}, "publicIp" = NULL, "privateIp" = NULL WHERE "teamId" = ${w.team.id} AND "launchIndex" > 0`);
  }
  const tiny = await w.addTeam("Tiny");
  const ctx = w.ctx("admin", tiny);
  await launchInstances({ ctx, input: { imageId: "ami-f937d290", minCount: 2 } });
  await execSql(w.db, Prisma.sql`ANALYZE`);

  const sent: { text: string; values: unknown[] }[] = [];
  const query = pg.Pool.prototype.query;
  vi.spyOn(pg.Pool.prototype, "query").mockImplementation(function (this: pg.Pool, ...args: unknown[]) {
    const q = args[0] as { text?: string; values?: unknown[] };
    if (typeof q === "object" && q.text?.includes("LIMIT")) sent.push({ text: q.text, values: q.values ?? [] });
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as never);
  const page = await listInstances({ ctx, input: { states: ["pending", "running"] } });
  expect(page.items).toHaveLength(2);
  vi.restoreAllMocks();

  const list = sent.find((q) => q.text.includes(`FROM "Instance" i`));
  expect(list).toBeDefined();
  const conn = await pgPool(w.url).connect();
  try {
    // Planned as the app's connections plan it: once, for any values.
    await conn.query(`PREPARE list_page AS ${list!.text}`);
    const args = list!.values.map((v) => { const p = toPg(v); return typeof p === "number" ? String(p) : conn.escapeLiteral(String(p)); }).join(", ");
    const plan = await conn.query(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) EXECUTE list_page${args ? `(${args})` : ""}`);
    const text = plan.rows.map((r: Record<string, string>) => r["QUERY PLAN"]).join("\n");
    expect(text).not.toMatch(/Seq Scan on "Instance"/);
    const removed = [...text.matchAll(/Rows Removed by Filter: (\d+)/g)].map((m) => Number(m[1]));
    expect(Math.max(0, ...removed)).toBeLessThan(100);
    await conn.query(`DEALLOCATE list_page`);
  } finally {
    conn.release();
  }
}, 120_000);
