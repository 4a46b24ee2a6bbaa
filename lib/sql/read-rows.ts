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
import { pgExec, pgRows, sendable, toPg } from "./pg";
import type { Mutex } from "async-mutex";
import { Prisma } from "../generated/prisma/client";
import { yieldToIo } from "../yield";
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
  /** Committed by execAll's `commit` (PostgreSQL: sent right behind the last writes). */
  committed?: boolean;
}

const g = globalThis as unknown as { __stratusReaders?: Map<string, Conn>; __stratusClients?: WeakMap<object, Registered>; __stratusTx?: WeakMap<object, Registered>; __stratusTxEnds?: WeakMap<object, TxEnd> };
const readers = (g.__stratusReaders ??= new Map());
const clients = (g.__stratusClients ??= new WeakMap());
const transactions = (g.__stratusTx ??= new WeakMap());
const ends = (g.__stratusTxEnds ??= new WeakMap());

const plain = new WeakSet<object>();
/** Marks `tx` as a plain-SQL transaction (lib/sql/plain-transaction.ts): execAll may commit it. */
export function markPlain(tx: object): void {
  plain.add(tx);
}

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

/** The SQLite connection a client writes on and the lock its transactions hold, once it has connected. */
export function writerOf(client: object): { writer: Conn; lock: Mutex } | undefined {
  const r = clients.get(client);
  return r?.writer && r.lock ? { writer: r.writer, lock: r.lock } : undefined;
}

/** The PostgreSQL pool of a client. */
export function poolOf(client: object): pg.Pool | undefined {
  const p = clients.get(client)?.pg;
  return p && "totalCount" in p ? (p as pg.Pool) : undefined;
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

/** PostgreSQL's bound-parameter limit is 65,535 per statement; a combined statement stays well under it. */
const PG_BATCH_PARAMS = 30_000;

/**
 * Runs INSERT/UPDATE/DELETE statements in order and returns each one's count
 * of rows changed. On PostgreSQL they go as one statement (data-modifying
 * CTEs): a transaction holding the write lock spends one round trip on them,
 * not one each. The statements must be independent: in one statement none
 * sees another's changes, and no two may change the same row (PostgreSQL
 * refuses that). None may have its own RETURNING.
 */
export async function execAll(db: Pick<RawDb, "$executeRaw">, statements: Prisma.Sql[], options: { commit?: boolean } = {}): Promise<number[]> {
  requireOpen(db);
  const txConn = transactions.get(db)?.pg;
  const conn = txConn ?? clients.get(db)?.pg;
  const end = ends.get(db);
  // PostgreSQL, in a plain transaction: COMMIT goes right behind the writes, on
  // the same connection (pg sends each as soon as the one before finishes), so
  // the write lock is let go without waiting for this process's turn on the event loop.
  const commit = Boolean(options.commit && end && plain.has(db));
  if (commit && txConn) {
    const batches = combined(statements);
    // COMMIT goes out behind the writes whatever becomes of them: PostgreSQL turns it
    // into ROLLBACK after a write that failed there, but not after one pg never sent.
    if (!batches.every((c) => sendable(c.query.values.map(toPg)))) throw new Error("A write's value can't be sent to PostgreSQL: nothing was written.");
    const sent = batches.map((c) => pgRows<Record<string, bigint>>(txConn, c.query.text, c.query.values).then(([row]) => c.counts(row)));
    const committed = txConn.query("COMMIT");
    end!.committed = end!.ended = true;
    const [counts] = await Promise.all([Promise.all(sent), committed]);
    return counts.flat();
  }
  const writer = transactions.get(db)?.writer;
  if (commit && writer) {
    // SQLite has no round trips to save: the writes run, then COMMIT, so the transaction ends here on both databases.
    // Other requests get a turn between them, and the transaction may end at its
    // timeout meanwhile: what is left is refused, not run outside it (or in the next one's).
    const out: number[] = [];
    for (const [n, s] of statements.entries()) {
      if (n > 0) await yieldToIo();
      requireOpen(db);
      out.push(prepare(writer, s.sql).run(...s.values.map(toSqlite)).changes);
    }
    requireOpen(db);
    writer.prepare("COMMIT").run();
    end!.committed = end!.ended = true;
    return out;
  }
  if (!conn || statements.length < 2) {
    const out: number[] = [];
    // Each SQLite statement runs synchronously: between them, other requests get a turn.
    for (const [n, s] of statements.entries()) {
      if (n > 0 && !conn) await yieldToIo();
      out.push(await execSql(db, s));
    }
    return out;
  }
  const out: number[] = [];
  for (const c of combined(statements)) {
    const [row] = await pgRows<Record<string, bigint>>(conn, c.query.text, c.query.values);
    out.push(...c.counts(row));
  }
  return out;
}

/** PostgreSQL: the statements as few combined statements (data-modifying CTEs), each with how to read its counts. */
function combined(statements: Prisma.Sql[]): { query: Prisma.Sql; counts(row: Record<string, bigint>): number[] }[] {
  return byParams(statements).map((group) => {
    const parts = group.map((s, n) => Prisma.sql`${Prisma.raw(`"w${n}" AS (`)}${s}${Prisma.raw(" RETURNING 1)")}`);
    const counts = group.map((_, n) => `(SELECT COUNT(*) FROM "w${n}") AS "c${n}"`).join(", ");
    return {
      query: Prisma.sql`WITH ${Prisma.join(parts)} ${Prisma.raw(`SELECT ${counts}`)}`,
      counts: (row) => group.map((_, n) => Number(row[`c${n}`])),
    };
  });
}

function byParams(statements: Prisma.Sql[]): Prisma.Sql[][] {
  if (statements.length === 1) return [statements];
  const groups: Prisma.Sql[][] = [];
  let params = Infinity;
  for (const s of statements) {
    if (params + s.values.length > PG_BATCH_PARAMS) groups.push([]), (params = 0);
    groups[groups.length - 1].push(s);
    params += s.values.length;
  }
  return groups;
}

/** An INSERT, UPDATE or DELETE (… RETURNING): readAll sends it as a data-modifying CTE. A write that starts with WITH isn't told apart: write it without one. */
const isWrite = (q: Prisma.Sql): boolean => /^\s*(INSERT|UPDATE|DELETE)\b/i.test(q.sql);

/**
 * The rows of several SELECTs. On PostgreSQL they go as one statement, each
 * query's rows as JSON: a verb's lookups cost one round trip, not one each.
 * So on PostgreSQL values come back as JSON gives them: text, numbers (bigint
 * columns too, so keep to counts and small integers), booleans, and times as
 * ISO text without a zone. SQLite runs each query as readRows would.
 *
 * Writes with RETURNING may follow the reads, inside a transaction: on
 * PostgreSQL they become data-modifying CTEs of the same statement, so no read
 * sees them, as on SQLite where they run after the reads.
 */
export async function readAll(db: Pick<RawDb, "$queryRaw">, queries: Prisma.Sql[]): Promise<unknown[][]> {
  requireOpen(db);
  const writes = queries.filter(isWrite).length;
  if (writes && queries.slice(queries.length - writes).some((q) => !isWrite(q))) throw new Error("readAll: its writes must come after all of its reads.");
  // A root client (not a transaction, Prisma's or plain) would commit each on its own.
  if (writes && clients.has(db) && !transactions.has(db)) throw new Error("readAll: writes only inside a transaction.");
  const conn = transactions.get(db)?.pg ?? clients.get(db)?.pg;
  if (!conn || queries.length < 2) {
    const out: unknown[][] = [];
    for (const q of queries) out.push(await readRows<unknown>(db, q)); // in order: a write after the reads
    return out;
  }
  const ctes: Prisma.Sql[] = [];
  const parts = queries.map((q, n) => {
    const from = isWrite(q) ? Prisma.raw(`"w${n}"`) : Prisma.sql`(${q})`;
    if (isWrite(q)) ctes.push(Prisma.sql`${Prisma.raw(`"w${n}"`)} AS (${q})`);
    return Prisma.sql`(SELECT COALESCE(json_agg("t"), '[]'::json) FROM ${from} AS "t")::text AS ${Prisma.raw(`"r${n}"`)}`;
  });
  const query = ctes.length ? Prisma.sql`WITH ${Prisma.join(ctes)} SELECT ${Prisma.join(parts)}` : Prisma.sql`SELECT ${Prisma.join(parts)}`;
  const [row] = await pgRows<Record<string, string>>(conn, query.text, query.values);
  return queries.map((_, n) => JSON.parse(row[`r${n}`]) as unknown[]);
}
