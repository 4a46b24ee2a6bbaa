// One SQLite connection, used by one statement or one transaction at a time.
//
// Prisma's better-sqlite3 adapter shares a single connection: its transactions
// take a mutex, but a plain statement (outside any transaction) runs at once,
// and so runs *inside* whatever transaction another request has open on that
// connection — it reads that transaction's uncommitted rows, and when that
// transaction rolls back, the statement's write is rolled back with it though
// it reported success. This wraps the adapter so that every statement outside
// a transaction waits for the same lock a transaction holds from BEGIN to
// COMMIT/ROLLBACK: serialisation is a property of the driver layer, whatever
// the call site. (A pooled PostgreSQL driver needs none of this: each
// transaction has its own connection.)
//
// Plain SELECTs outside a transaction don't need the lock at all: they go to
// a second, read-only connection (a committed WAL snapshot), so a long write
// elsewhere never holds up a page's reads.
//
// Transactions begin IMMEDIATE: they take SQLite's write lock at BEGIN, so a
// write from another connection (the CLI, another process) is waited for up
// front, instead of failing the transaction midway (SQLITE_BUSY_SNAPSHOT).
import type { Mutex } from "async-mutex";
import type Database from "better-sqlite3";
import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;
type ConnectionInfo = NonNullable<ReturnType<NonNullable<Adapter["getConnectionInfo"]>>>;

/** SQLite's real bound-parameter limit in this build (Prisma assumes 999 for SQLite). */
export function maxVariables(conn: Database.Database): number {
  try {
    const opts = conn.pragma("compile_options") as { compile_options: string }[];
    const m = opts.map((o) => /^MAX_VARIABLE_NUMBER=(\d+)$/.exec(o.compile_options)).find(Boolean);
    return m ? Number(m[1]) : 999;
  } catch {
    return 999;
  }
}

/** A transaction on the shared connection, begun IMMEDIATE; Prisma sends COMMIT/ROLLBACK itself, then calls commit()/rollback(), which free the lock. */
function immediateTransaction(inner: Adapter, release: () => void): Transaction {
  let released = false;
  const done = () => {
    if (!released) {
      released = true;
      release();
    }
    return Promise.resolve();
  };
  return {
    get provider() {
      return inner.provider;
    },
    get adapterName() {
      return inner.adapterName;
    },
    options: { usePhantomQuery: false },
    queryRaw: (q) => inner.queryRaw(q),
    executeRaw: (q) => inner.executeRaw(q),
    commit: done,
    rollback: done,
  };
}

const PLAIN_SELECT = /^\s*SELECT\b/i;

/** The adapter, with every statement outside a transaction serialised against transactions (SELECTs to `reader`, when given). */
export function serialise(inner: Adapter, conn: Database.Database, lock: Mutex, reader?: () => Promise<Adapter>): Adapter {
  const info: ConnectionInfo = { ...(inner.getConnectionInfo?.() ?? {}), supportsRelationJoins: false, maxBindValues: maxVariables(conn) };
  return {
    get provider() {
      return inner.provider;
    },
    get adapterName() {
      return inner.adapterName;
    },
    queryRaw: async (q) => (reader && PLAIN_SELECT.test(q.sql) ? (await reader()).queryRaw(q) : lock.runExclusive(() => inner.queryRaw(q))),
    executeRaw: (q) => lock.runExclusive(() => inner.executeRaw(q)),
    executeScript: (s) => lock.runExclusive(() => inner.executeScript(s)),
    async startTransaction(isolation) {
      // The adapter refuses other isolation levels (SQLite's transactions are serializable).
      if (isolation && isolation !== "SERIALIZABLE") return inner.startTransaction(isolation);
      const release = await lock.acquire();
      try {
        conn.prepare("BEGIN IMMEDIATE").run();
        return immediateTransaction(inner, release);
      } catch (e) {
        release();
        throw e;
      }
    },
    getConnectionInfo: () => info,
    dispose: () => lock.runExclusive(() => inner.dispose()),
  };
}
