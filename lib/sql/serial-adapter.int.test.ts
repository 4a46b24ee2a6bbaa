// The shared SQLite connection under concurrency: a statement outside a
// transaction never runs inside another request's transaction (so it can't
// read its uncommitted rows, nor vanish when that transaction rolls back).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testWorld, type TestWorld } from "../testing/db";
import { testDialect } from "../testing/pg";
import { Prisma } from "../generated/prisma/client";
import { execSql, readRows, transaction } from "./read-rows";
import { maxVariables } from "./serial-adapter";
import Database from "better-sqlite3";

let w: TestWorld;
beforeEach(async () => {
  w = await testWorld();
});
afterEach(async () => {
  await w.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const sqliteOnly = testDialect() === "postgres" ? it.skip : it;

// On PostgreSQL each transaction has its own pool connection: the first two hold there too.
describe("the shared connection", () => {
  it("keeps 100 unrelated writes made while another transaction rolls back", async () => {
    const writes: Promise<unknown>[] = [];
    const rolledBack = w.db
      .$transaction(async (tx) => {
        await tx.setting.create({ data: { key: "doomed", value: "x" } });
        // 100 unrelated writes arrive while this transaction is open, by every route a plain write takes.
        for (let i = 0; i < 100; i++) {
          const key = `w${i}`;
          writes.push(
            i % 3 === 0
              ? w.db.setting.create({ data: { key, value: String(i) } })
              : i % 3 === 1
                ? w.db.$executeRaw`INSERT INTO "Setting" ("key", "value") VALUES (${key}, ${String(i)})`
                : execSql(w.db, Prisma.sql`INSERT INTO "Setting" ("key", "value") VALUES (${key}, ${String(i)})`),
          );
        }
        await sleep(30);
        throw new Error("refused: roll back");
      })
      .catch((e: Error) => e.message);
    expect(await rolledBack).toBe("refused: roll back");
    await Promise.all(writes);
    const keys = (await w.db.setting.findMany({ where: { key: { startsWith: "w" } } })).map((s) => s.key);
    expect(keys).toHaveLength(100);
    expect(await w.db.setting.findUnique({ where: { key: "doomed" } })).toBeNull();
  });

  it("never shows a plain read another transaction's uncommitted rows, nor makes it wait", async () => {
    let prisma: unknown = "not read";
    let raw: unknown[] = ["not read"];
    await transaction(w.db, async (tx) => {
      await tx.setting.create({ data: { key: "uncommitted", value: "x" } });
      // Reads outside the transaction see the last committed state, at once.
      prisma = await w.db.setting.findUnique({ where: { key: "uncommitted" } });
      raw = await readRows(w.db, Prisma.sql`SELECT "key" FROM "Setting" WHERE "key" = 'uncommitted'`);
      expect(await tx.setting.findUnique({ where: { key: "uncommitted" } })).not.toBeNull();
      throw new Error("roll back");
    }).catch(() => {});
    expect(prisma).toBeNull();
    expect(raw).toEqual([]);
  });

  sqliteOnly("takes the write lock at BEGIN, so another process's write waits instead of breaking the transaction", async () => {
    await w.db.setting.create({ data: { key: "seen", value: "0" } });
    const other = new Database(w.file, { timeout: 0 }); // another process (the CLI), not willing to wait
    await transaction(w.db, async (tx) => {
      await tx.setting.findMany(); // a read first: a deferred BEGIN would hold only a snapshot here
      expect(() => other.prepare(`INSERT INTO "Setting" ("key", "value") VALUES ('other', 'x')`).run()).toThrow(/locked|busy/i);
      await tx.setting.update({ where: { key: "seen" }, data: { value: "1" } });
    });
    other.prepare(`INSERT INTO "Setting" ("key", "value") VALUES ('other', 'x')`).run();
    other.close();
    expect((await w.db.setting.findUnique({ where: { key: "seen" } }))?.value).toBe("1");
  });

  sqliteOnly("tells Prisma SQLite's real parameter limit", async () => {
    const conn = new Database(":memory:");
    expect(maxVariables(conn)).toBeGreaterThanOrEqual(32766);
    conn.close();
    const ids = Array.from({ length: 5000 }, (_, i) => `i-${i.toString(16).padStart(8, "0")}`);
    await expect(w.db.instance.findMany({ where: { teamId: w.team.id, id: { in: ids } }, orderBy: { id: "asc" } })).resolves.toEqual([]);
  });
});
