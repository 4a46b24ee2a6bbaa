// Plain SQL on the hot and bulk paths. Prisma's query compiler costs about a
// fifth of a millisecond per statement; better-sqlite3 with cached prepared
// statements costs a few microseconds. So:
//   - outside a transaction, reads go to a read-only connection to the same
//     file (a consistent WAL snapshot, never another writer's uncommitted rows);
//   - inside a verb's transaction, reads and writes go straight to the very
//     connection Prisma opened the transaction on (captured from the adapter),
//     so they are part of that transaction;
//   - a write outside any transaction runs on that connection too, under the
//     lock transactions hold (lib/sql/serial-adapter.ts): one statement, never
//     inside another request's transaction, for microseconds instead of the
//     millisecond Prisma's raw path costs;
//   - anything else falls back to Prisma's $queryRaw / $executeRaw.
// The SQL is the same portable Prisma.sql either way.
//
// On PostgreSQL (lib/db.ts): outside a transaction, plain SQL takes a
// connection from the pool; inside one, it runs on the transaction's own
// pool connection.
import Database from "better-sqlite3";
import type pg from "pg";
import { pgExec, pgRows } from "./pg";
import type { Mutex } from "async-mutex";
import type { Prisma } from "../generated/prisma/client";
import type { Db, Tx } from "../db";

type Conn = Database.Database;
interface Registered {
  /** SQLite: the database file. */
  file?: string;
  /** PostgreSQL: the pool (outside transactions) or the transaction's connection. */
  pg?: pg.Pool | pg.PoolClient;
  /** The connection Prisma writes on, once the adapter has connected. */
  writer?: Conn;
  /** The lock its transactions hold (every statement outside one takes it too). */
  lock?: Mutex;
}

/** An interactive transaction's end, as its adapter saw it (lib/db.ts). */
export interface TxEnd {
  ended?: boolean;
}

const g = globalThis as unknown as { __stratusReaders?: Map<string, Conn>; __stratusClients?: WeakMap<object, Registered>; __stratusTx?: WeakMap<object, Registered>; __stratusTxEnds?: WeakMap<object, TxEnd> };
const readers = (g.__stratusReaders ??= new Map());
const clients = (g.__stratusClients ??= new WeakMap());
const transactions = (g.__stratusTx ??= new WeakMap());
const ends = (g.__stratusTxEnds ??= new WeakMap());

/** Marks `tx` (a Prisma interactive transaction) as ending when `end` says so. */
export function watchTransaction(tx: object, end: TxEnd): void {
  ends.set(tx, end);
}

// A transaction rolled back at its timeout may still be running its callback:
// its statements would run on the connection outside it (on SQLite, perhaps in
// the next request's transaction; on PostgreSQL, on a connection back in the pool).
function requireOpen(db: object): void {
  if (ends.get(db)?.ended) throw new Error("This transaction has ended (rolled back at its timeout, or finished): its statement was not run.");
}

/** Called by createDb: which SQLite file this client uses. */
export function registerSqliteFile(client: object, file: string): Registered {
  const r: Registered = { file };
  clients.set(client, r);
  return r;
}

/** Called by createDb for a PostgreSQL client. */
export function registerPgPool(client: object, pool: pg.Pool): void {
  clients.set(client, { pg: pool });
}

/** Marks `tx` (a Prisma interactive transaction on PostgreSQL) as running on `conn`. */
export function bindPgTransaction(tx: object, conn: pg.PoolClient): void {
  transactions.set(tx, { pg: conn });
}

/** Called by createDb when Prisma's adapter opens its connection. */
export function registerWriter(client: object, conn: Conn, lock: Mutex): void {
  const r = clients.get(client);
  if (r) Object.assign(r, { writer: conn, lock });
  // In WAL mode, NORMAL syncs at checkpoints rather than on every commit: the
  // database can't be corrupted, and a commit costs microseconds instead of an
  // fsync (a power cut may lose the last moments of changes, as SQLite documents).
  conn.pragma("synchronous = NORMAL");
  // Table statistics, so the planner knows a team's index matches thousands of
  // rows and a primary key one (without them, "teamId = ? AND id IN (…)"
  // scans the whole team). Sampled (analysis_limit), so it takes milliseconds;
  // the server refreshes them as tables grow (lib/runtime.ts).
  conn.pragma("analysis_limit = 400");
  conn.pragma("optimize = 0x10002");
}

/** Marks `tx` (a Prisma interactive transaction of `client`) so plain SQL on it joins the transaction. */
export function bindTransaction(tx: object, client: object): void {
  const r = clients.get(client);
  if (r?.writer) transactions.set(tx, r);
}

// Prepared statements, per connection, by SQL text. Bounded: IN-lists of every
// length make distinct texts.
const statements = new WeakMap<Conn, Map<string, Database.Statement>>();
function prepare(conn: Conn, sql: string): Database.Statement {
  let m = statements.get(conn);
  if (!m) statements.set(conn, (m = new Map()));
  let s = m.get(sql);
  if (!s) {
    if (m.size >= 1000) m.clear();
    s = conn.prepare(sql);
    m.set(sql, s);
  }
  return s;
}

function reader(file: string): Conn {
  let db = readers.get(file);
  if (!db) {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.defaultSafeIntegers(true);
    readers.set(file, db);
  }
  return db;
}

const toSqlite = (v: unknown) => (v instanceof Date ? v.getTime() : typeof v === "boolean" ? (v ? 1 : 0) : v);

type RawDb = { $queryRaw<R>(q: Prisma.Sql): Promise<R>; $executeRaw(q: Prisma.Sql): Promise<number> };

/** Rows of a SELECT. Integers come back as bigint from SQLite (as Prisma's raw queries give them). */
export async function readRows<T>(db: Pick<RawDb, "$queryRaw">, query: Prisma.Sql): Promise<T[]> {
  requireOpen(db);
  const tx = transactions.get(db);
  if (tx?.pg) return pgRows<T>(tx.pg, query.text, query.values);
  if (tx?.writer) return prepare(tx.writer, query.sql).all(...query.values.map(toSqlite)) as T[];
  const r = clients.get(db);
  if (r?.pg) return pgRows<T>(r.pg, query.text, query.values);
  if (r?.file) return prepare(reader(r.file), query.sql).all(...query.values.map(toSqlite)) as T[];
  return db.$queryRaw<T[]>(query);
}

/** Runs an INSERT/UPDATE/DELETE; returns the number of rows changed. */
export async function execSql(db: Pick<RawDb, "$executeRaw">, query: Prisma.Sql): Promise<number> {
  requireOpen(db);
  const tx = transactions.get(db);
  if (tx?.pg) return pgExec(tx.pg, query.text, query.values);
  if (tx?.writer) return prepare(tx.writer, query.sql).run(...query.values.map(toSqlite)).changes;
  const r = clients.get(db);
  if (r?.pg) return pgExec(r.pg, query.text, query.values);
  if (r?.writer && r.lock) {
    const { writer } = r;
    return r.lock.runExclusive(() => prepare(writer, query.sql).run(...query.values.map(toSqlite)).changes);
  }
  return db.$executeRaw(query);
}

/** An interactive transaction whose plain SQL (readRows, execSql) joins it. */
export function transaction<R>(db: Db, fn: (tx: Tx) => Promise<R>, options?: { timeout?: number; maxWait?: number }): Promise<R> {
  return db.$transaction(async (tx) => {
    bindTransaction(tx, db);
    return fn(tx);
  }, options);
}
