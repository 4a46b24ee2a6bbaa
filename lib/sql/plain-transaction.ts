// A transaction of plain SQL only (readRows, execSql, execAll, readAll), run
// on the connection directly instead of through Prisma's interactive
// transactions. The hot write paths use it (RunInstances): on PostgreSQL every
// statement under the write lock is a round trip and a turn on the event loop,
// so the transaction's first read goes out with BEGIN and the write lock (pg
// queues it right behind them on the connection), and its last writes go out
// with COMMIT (execAll's `commit`). Prisma's transaction manager is skipped too.
// The same rules as every write: one writer at a time (SQLite's lock,
// PostgreSQL's advisory lock), the transaction ends at a minute, and a
// callback that outlives its transaction has its statements refused.
import type pg from "pg";
import type { Db, Tx } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { bindPgTransaction, bindTransaction, markPlain, poolOf, readAll, watchTransaction, writerOf, type TxEnd } from "./read-rows";

/** How a PostgreSQL client takes its write lock (lib/db.ts): the SQL run with BEGIN, and the queue transactions wait in. */
export interface PgWriteLock {
  beginSql: string;
  queue<R>(fn: () => Promise<R>): Promise<R>;
}

const g = globalThis as unknown as { __stratusPgLocks?: WeakMap<object, PgWriteLock> };
const locks = (g.__stratusPgLocks ??= new WeakMap());

export function registerPgWriteLock(client: object, lock: PgWriteLock): void {
  locks.set(client, lock);
}

const TIMEOUT_MS = 60_000;

/** What the transaction's callback gets instead of a Prisma client: plain SQL works on it, and a Prisma call fails loudly. */
function handle(): Tx {
  return new Proxy(Object.create(null) as object, {
    get(_, prop) {
      if (prop === "then" || typeof prop === "symbol") return undefined;
      throw new Error(`A plain-SQL transaction has no Prisma client: ${String(prop)} can't be used here (lib/sql/plain-transaction.ts).`);
    },
  }) as Tx;
}

/**
 * Runs `fn` in a write transaction of plain SQL. `opening` (SELECTs, read as
 * readAll reads them) runs first, under the write lock; `fn` gets its rows.
 */
export async function plainTransaction<R>(db: Db, opening: Prisma.Sql[], fn: (tx: Tx, opened: unknown[][]) => Promise<R>): Promise<R> {
  const pool = poolOf(db);
  const lock = locks.get(db);
  if (pool && lock) return lock.queue(() => onPostgres(pool, lock.beginSql, opening, fn));
  if (!writerOf(db)) await db.$connect(); // the SQLite writer is opened with Prisma's first connection
  return onSqlite(db, opening, fn);
}

async function onPostgres<R>(pool: pg.Pool, beginSql: string, opening: Prisma.Sql[], fn: (tx: Tx, opened: unknown[][]) => Promise<R>): Promise<R> {
  const client = await pool.connect();
  const tx = handle();
  const end: TxEnd = {};
  bindPgTransaction(tx, client);
  watchTransaction(tx, end);
  markPlain(tx);
  let broken: Error | undefined;
  // At the minute, the connection is closed: PostgreSQL rolls the transaction
  // back and lets the lock go, whatever the callback is waiting for.
  const timer = setTimeout(() => {
    // Once COMMIT has gone out with the last writes, the server ends the
    // transaction (and lets the lock go) whatever this process does, and its
    // answer says how: closing the connection now would report a rollback of
    // what it commits.
    if (end.committed) return;
    end.ended = true;
    broken = new Error("The transaction took longer than a minute and was rolled back.");
    client.release(broken);
  }, TIMEOUT_MS);
  try {
    // Queued together: pg sends the opening as soon as BEGIN and the lock are through.
    const begun = client.query(beginSql);
    const opened = opening.length ? readAll(tx, opening) : Promise.resolve([]);
    opened.catch(() => {});
    await begun;
    const result = await fn(tx, await opened);
    if (broken) throw broken;
    if (!end.ended) {
      end.ended = true;
      await client.query("COMMIT");
    }
    return result;
  } catch (e) {
    if (!end.ended) {
      end.ended = true;
      await client.query("ROLLBACK").catch(() => {});
    }
    throw e;
  } finally {
    clearTimeout(timer);
    if (!broken) client.release();
  }
}

async function onSqlite<R>(db: Db, opening: Prisma.Sql[], fn: (tx: Tx, opened: unknown[][]) => Promise<R>): Promise<R> {
  const { writer, lock } = writerOf(db)!;
  return lock.runExclusive(async () => {
    const tx = handle();
    const end: TxEnd = {};
    bindTransaction(tx, db);
    watchTransaction(tx, end);
    markPlain(tx);
    writer.prepare("BEGIN IMMEDIATE").run();
    const finish = (sql: "COMMIT" | "ROLLBACK") => {
      if (end.ended) return;
      end.ended = true;
      try {
        if (writer.inTransaction) writer.prepare(sql).run();
      } catch (e) {
        if (writer.inTransaction) writer.prepare("ROLLBACK").run();
        throw e;
      }
    };
    // At the minute it is rolled back and the lock let go; the callback's later statements are refused.
    let release: () => void = () => {};
    const timedOut = new Promise<never>((_, reject) => {
      const timer = setTimeout(() => {
        finish("ROLLBACK");
        reject(new Error("The transaction took longer than a minute and was rolled back."));
      }, TIMEOUT_MS);
      release = () => clearTimeout(timer);
    });
    timedOut.catch(() => {});
    try {
      const result = await Promise.race([readAll(tx, opening).then((opened) => fn(tx, opened)), timedOut]);
      finish("COMMIT");
      return result;
    } catch (e) {
      finish("ROLLBACK");
      throw e;
    } finally {
      release();
    }
  });
}
