// Plain-SQL transactions (the hot write paths' own, without Prisma's) and the
// batched statements they send: on both databases (STRATUS_TEST_DATABASE).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { testWorld, type TestWorld } from "../testing/db";
import { Prisma } from "../generated/prisma/client";
import { execAll, execSql, readAll, readRows, transaction } from "./read-rows";
import { plainTransaction } from "./plain-transaction";
import { insertStatements } from "./insert";
import { testDialect } from "../testing/pg";

let w: TestWorld;
beforeEach(async () => {
  w = await testWorld();
});
afterEach(async () => {
  await w.close();
});

const keys = async (prefix: string) =>
  (await readRows<{ key: string; value: string }>(w.db, Prisma.sql`SELECT "key", "value" FROM "Setting" WHERE "key" LIKE ${`${prefix}%`} ORDER BY "key"`)).map((r) => `${r.key}=${r.value}`);
const put = (key: string, value: string) => Prisma.sql`INSERT INTO "Setting" ("key", "value") VALUES (${key}, ${value})`;
/** The transaction's minute, caught to be run by hand (the only 60 s timer set meanwhile). */
function catchTheMinute(): { up(): void; restore(): void } {
  const real = globalThis.setTimeout;
  let minuteUp: (() => void) | undefined;
  const spy = vi.spyOn(globalThis, "setTimeout").mockImplementation(((fn: () => void, ms?: number, ...args: unknown[]) => {
    if (ms === 60_000 && !minuteUp) return ((minuteUp = fn), real(() => {}, 0));
    return real(fn, ms, ...args);
  }) as typeof setTimeout);
  return { up: () => minuteUp!(), restore: () => spy.mockRestore() };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("plain transactions", () => {
  it("run the opening first and hand over its rows, commit the writes, and refuse Prisma calls", async () => {
    await execSql(w.db, put("p.seed", "1"));
    const out = await plainTransaction(w.db, [Prisma.sql`SELECT "value" FROM "Setting" WHERE "key" = 'p.seed'`, Prisma.sql`SELECT COUNT(*) AS "n" FROM "Setting" WHERE "key" LIKE 'p.%'`], async (tx, opened) => {
      expect(() => (tx as unknown as { setting: unknown }).setting).toThrow(/no Prisma client/);
      await execAll(tx, [put("p.a", "x"), put("p.b", "y")], { commit: true });
      return opened;
    });
    expect(out).toEqual([[{ value: "1" }], [{ n: expect.anything() }]]);
    expect(Number((out[1][0] as { n: unknown }).n)).toBe(1);
    expect(await keys("p.")).toEqual(["p.a=x", "p.b=y", "p.seed=1"]);
  });

  it("roll back everything when the callback throws, and when a batched write fails", async () => {
    await expect(
      plainTransaction(w.db, [], async (tx) => {
        await execSql(tx, put("r.a", "x"));
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    // The second statement breaks the primary key: the first is rolled back with it, commit or not.
    for (const commit of [false, true])
      await expect(plainTransaction(w.db, [], (tx) => execAll(tx, [put("r.b", "x"), put("r.b", "y")], { commit }))).rejects.toThrow();
    expect(await keys("r.")).toEqual([]);
    // And the database goes on.
    await plainTransaction(w.db, [], (tx) => execAll(tx, [put("r.c", "x")], { commit: true }));
    expect(await keys("r.")).toEqual(["r.c=x"]);
  });

  it("write nothing when a batched value can't be sent, though COMMIT would have gone out behind it", async () => {
    const odd = { not: "a column value" } as unknown as string;
    await expect(
      plainTransaction(w.db, [], async (tx) => {
        await execSql(tx, put("s.a", "x"));
        await execAll(tx, [put("s.b", "y"), Prisma.sql`INSERT INTO "Setting" ("key", "value") VALUES ('s.c', ${odd})`], { commit: true });
      }),
    ).rejects.toThrow();
    expect(await keys("s.")).toEqual([]);
  });

  it("refuse the callback's statements once the transaction has ended", async () => {
    let escaped: Parameters<Parameters<typeof plainTransaction>[2]>[0] | undefined;
    await plainTransaction(w.db, [], async (tx) => {
      escaped = tx;
      await execAll(tx, [put("e.a", "x")], { commit: true });
      // Committed with its writes: anything after is refused, not run outside the transaction.
      await expect(execSql(tx, put("e.b", "x"))).rejects.toThrow(/transaction has ended/);
    });
    await expect(readRows(escaped!, Prisma.sql`SELECT 1 AS "x"`)).rejects.toThrow(/transaction has ended/);
    expect(await keys("e.")).toEqual(["e.a=x"]);
  });

  it("stop the writes sent with COMMIT when the minute runs out between them (SQLite runs them one by one, letting other requests in)", async () => {
    // PostgreSQL sends them, and COMMIT, in one go: no statement of theirs runs after anything else could.
    if (testDialect() === "postgres") return;
    const minute = catchTheMinute();
    let writes: Promise<unknown> | undefined;
    try {
      const run = plainTransaction(w.db, [], async (tx) => {
        writes = execAll(tx, [put("t.a", "x"), put("t.b", "x"), put("t.c", "x")], { commit: true });
        // The first write ran; the transaction's minute ends while the rest wait for their turn.
        minute.up();
        await writes;
      });
      await expect(run).rejects.toThrow(/longer than a minute/);
      // The callback carries on after the rollback: its writes must not.
      await expect(writes).rejects.toThrow(/transaction has ended/);
    } finally {
      minute.restore();
    }
    // Rolled back, all of it: none ran after, outside the transaction (or in the next one's).
    expect(await keys("t.")).toEqual([]);
    await execSql(w.db, put("t.after", "x"));
    expect(await keys("t.")).toEqual(["t.after=x"]);
  });

  it("tell the truth when the minute runs out once COMMIT has been sent: committed and answered, or rolled back and refused", async () => {
    const minute = catchTheMinute();
    let outcome: string;
    try {
      outcome = await plainTransaction(w.db, [], async (tx) => {
        const writes = execAll(tx, [put("c.a", "x"), put("c.b", "x")], { commit: true });
        minute.up();
        await writes;
        return "committed";
      }).catch((e: Error) => `refused: ${e.message}`);
    } finally {
      minute.restore();
    }
    await sleep(200);
    expect(await keys("c.")).toEqual(outcome === "committed" ? ["c.a=x", "c.b=x"] : []);
  });

  it("take the write lock with the opening: concurrent read-then-write transactions, plain and Prisma's, never interleave", async () => {
    await execSql(w.db, put("c.n", "0"));
    const bump = (tx: Parameters<typeof execSql>[0], seen: number) =>
      execAll(tx, [Prisma.sql`UPDATE "Setting" SET "value" = ${String(seen + 1)} WHERE "key" = 'c.n'`], { commit: true });
    const plain = () =>
      plainTransaction(w.db, [Prisma.sql`SELECT "value" FROM "Setting" WHERE "key" = 'c.n'`], async (tx, [[row]]) => {
        await sleep(2); // a turn of the event loop between the read and the write
        await bump(tx, Number((row as { value: string }).value));
      });
    const prisma = () =>
      transaction(w.db, async (tx) => {
        const [row] = await readRows<{ value: string }>(tx, Prisma.sql`SELECT "value" FROM "Setting" WHERE "key" = 'c.n'`);
        await sleep(2);
        await execSql(tx, Prisma.sql`UPDATE "Setting" SET "value" = ${String(Number(row.value) + 1)} WHERE "key" = 'c.n'`);
      });
    await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? prisma() : plain())));
    expect(await keys("c.")).toEqual(["c.n=30"]);
  });
});

describe("batched statements", () => {
  it("execAll counts each statement's rows, however many parameters they bind", async () => {
    await execSql(w.db, put("b.x", "1"));
    // 12,000 rows of four values: more than one combined statement's worth of parameters on PostgreSQL.
    const many = insertStatements("Tag", ["teamId", "resourceId", "key", "value"], Array.from({ length: 12_000 }, (_, i) => [w.team.id, `i-${String(i).padStart(17, "0")}`, "k", "v"]));
    const counts = await transaction(w.db, (tx) =>
      execAll(tx, [Prisma.sql`UPDATE "Setting" SET "value" = '2' WHERE "key" = 'b.x'`, Prisma.sql`DELETE FROM "Setting" WHERE "key" = 'b.none'`, ...many]),
    );
    expect(counts.slice(0, 2)).toEqual([1, 0]);
    expect(counts.slice(2).reduce((a, b) => a + b, 0)).toBe(12_000);
    expect(await w.db.tag.count({ where: { teamId: w.team.id } })).toBe(12_000);
  });

  it("readAll reads several queries' rows together, in order, empty ones included", async () => {
    await execSql(w.db, put("a.one", "1"));
    const [one, none, count] = await readAll(w.db, [
      Prisma.sql`SELECT "key", "value" FROM "Setting" WHERE "key" = 'a.one'`,
      Prisma.sql`SELECT "key" FROM "Setting" WHERE "key" = 'a.none'`,
      Prisma.sql`SELECT COUNT(*) AS "n" FROM "Setting" WHERE "key" LIKE 'a.%'`,
    ]);
    expect(one).toEqual([{ key: "a.one", value: "1" }]);
    expect(none).toEqual([]);
    expect(Number((count[0] as { n: unknown }).n)).toBe(1);
  });

  it("readAll's writes (RETURNING) follow its reads in one transaction: the reads don't see them, a rollback undoes them", async () => {
    await execSql(w.db, put("c.taken", "1"));
    const claim = (key: string) => Prisma.sql`INSERT INTO "Setting" ("key", "value") VALUES (${key}, 'mine') ON CONFLICT ("key") DO NOTHING RETURNING "key"`;
    const [before, won, lost] = await plainTransaction(w.db, [Prisma.sql`SELECT COUNT(*) AS "n" FROM "Setting" WHERE "key" LIKE 'c.%'`, claim("c.new"), claim("c.taken")], async (_tx, opened) => opened);
    expect(Number((before[0] as { n: unknown }).n)).toBe(1); // the reads ran before the writes
    expect(won).toEqual([{ key: "c.new" }]);
    expect(lost).toEqual([]); // the conflict: nothing written, nothing returned
    expect(await keys("c.")).toEqual(["c.new=mine", "c.taken=1"]);

    await expect(
      plainTransaction(w.db, [claim("c.gone")], async (_tx, [rows]) => {
        expect(rows).toEqual([{ key: "c.gone" }]);
        throw new Error("refused after the claim");
      }),
    ).rejects.toThrow("refused after the claim");
    expect(await keys("c.")).toEqual(["c.new=mine", "c.taken=1"]);
  });

  it("readAll refuses a write before a read, and a write outside a transaction", async () => {
    const write = Prisma.sql`INSERT INTO "Setting" ("key", "value") VALUES ('d.x', '1') RETURNING "key"`;
    await expect(plainTransaction(w.db, [write, Prisma.sql`SELECT 1 AS "one"`], async () => null)).rejects.toThrow(/writes must come after all of its reads/);
    await expect(readAll(w.db, [Prisma.sql`SELECT 1 AS "one"`, write])).rejects.toThrow(/only inside a transaction/);
    expect(await keys("d.")).toEqual([]);
  });

  it.runIf(testDialect() === "postgres")("PostgreSQL connections plan each named statement once (generic plans), in and out of transactions", async () => {
    const [outside] = await readRows<{ plan_cache_mode: string }>(w.db, Prisma.sql`SHOW plan_cache_mode`);
    const inside = await plainTransaction(w.db, [Prisma.sql`SELECT current_setting('plan_cache_mode') AS "mode"`], async (_tx, [rows]) => rows);
    expect(outside.plan_cache_mode).toBe("force_generic_plan");
    expect(inside).toEqual([{ mode: "force_generic_plan" }]);
  });
});

