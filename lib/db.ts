// The one Prisma client, shared by every bundle of the process through globalThis
// (Next bundles instrumentation and routes separately). SQLite (`file:` URLs,
// the embedded default) or PostgreSQL (`postgres://`), one schema.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { AsyncLocalStorage } from "node:async_hooks";
import { PrismaClient } from "./generated/prisma/client";
import { PrismaClient as PgPrismaClient } from "./generated/prisma-pg/client";
import { databaseUrl, sqlitePath } from "./config";
import type Database from "better-sqlite3";
import type pg from "pg";
import { registerSqliteFile, registerWriter, registerPgPool, bindPgTransaction, watchTransaction, type TxEnd } from "./sql/read-rows";
import { serialise } from "./sql/serial-adapter";
import { isPostgresUrl } from "./sql/dialect";
import { closePool, pgPool } from "./sql/pg";
import { registerPgWriteLock } from "./sql/plain-transaction";
import { Mutex, Semaphore } from "async-mutex";

export type Db = PrismaClient;
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export function createDb(url = databaseUrl()): Db {
  return isPostgresUrl(url) ? createPgDb(url) : createSqliteDb(url);
}

function createSqliteDb(url: string): Db {
  const factory = new PrismaBetterSQLite3({ url: sqlitePath(url), timeout: 10_000 }, { timestampFormat: "unixepoch-ms" });
  const client = new PrismaClient({ adapter: factory });
  registerSqliteFile(client, sqlitePath(url));
  const connect = factory.connect.bind(factory);
  let readOnly: ReturnType<PrismaBetterSQLite3["connect"]> | undefined;
  // One lock for the one connection: Prisma's statements and transactions, and plain SQL.
  const lock = new Mutex();
  factory.connect = async () => {
    const inner = await connect();
    // The connection the adapter opened: plain SQL inside a verb's transaction
    // runs on it (lib/sql/read-rows.ts).
    const sqlite = (inner as unknown as { client?: Database.Database }).client;
    if (typeof sqlite?.prepare !== "function") throw new Error("The SQLite adapter no longer exposes its connection: statements can't be serialised (lib/sql/serial-adapter.ts).");
    const conn = sqlite;
    registerWriter(client, conn, lock);
    // Every statement waits for any open transaction; plain SELECTs read a
    // committed snapshot on their own connection (lib/sql/serial-adapter.ts).
    const adapter = serialise(inner, conn, lock, () => (readOnly ??= new PrismaBetterSQLite3({ url: sqlitePath(url), readonly: true, fileMustExist: true }, { timestampFormat: "unixepoch-ms" }).connect()));
    const dispose = adapter.dispose;
    adapter.dispose = async () => {
      await dispose();
      if (readOnly) await (await readOnly).dispose();
    };
    const start = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolation) => endsOn(await start(isolation), starting.getStore());
    return adapter;
  };
  const $transaction = client.$transaction.bind(client) as (arg: unknown, options?: unknown) => Promise<unknown>;
  Object.assign(client, {
    $transaction(arg: unknown, options?: unknown) {
      if (typeof arg !== "function") return $transaction(arg, options);
      const slot: TxSlot = {};
      return starting.run(slot, () =>
        $transaction((tx: object) => {
          watchTransaction(tx, slot);
          return (arg as (tx: object) => Promise<unknown>)(tx);
        }, options),
      );
    },
  });
  return client;
}

/** The interactive transaction being started in this async context: its pool connection (PostgreSQL), and whether it has ended. */
interface TxSlot extends TxEnd {
  client?: pg.PoolClient;
  /** PostgreSQL: the write lock was taken with BEGIN, in the same round trip. */
  locked?: boolean;
}
const starting = new AsyncLocalStorage<TxSlot>();

type AdapterTransaction = { commit(): Promise<void>; rollback(): Promise<void> };
/** The slot's transaction ends when Prisma commits or rolls it back (at its timeout too, while its callback may run on). */
function endsOn<T extends AdapterTransaction>(tx: T, slot: TxSlot | undefined): T {
  if (!slot) return tx;
  const commit = tx.commit.bind(tx);
  const rollback = tx.rollback.bind(tx);
  tx.commit = () => ((slot.ended = true), commit());
  tx.rollback = () => ((slot.ended = true), rollback());
  return tx;
}
/** Any fixed 64-bit key: "stratus write". */
const WRITE_LOCK = "7305198002";
/**
 * Per pool (one per database URL): how many of this process's interactive
 * transactions may hold a connection at once. Two: one holding the write lock,
 * one waiting for it in PostgreSQL, so the lock passes without a round trip.
 */
const queues = new WeakMap<pg.Pool, Semaphore>();
const queueOf = (pool: pg.Pool): Semaphore => queues.get(pool) ?? queues.set(pool, new Semaphore(2)).get(pool)!;

// PostgreSQL: a real pool; each interactive transaction has a connection of its
// own, and plain SQL inside it (lib/sql/read-rows.ts) runs on that connection.
function createPgDb(url: string): Db {
  const pool = pgPool(url);
  pool.on("connect", lockWithBegin);
  const factory = new PrismaPg(pool);
  const client = new PgPrismaClient({ adapter: factory });
  registerPgPool(client, pool);
  // Plain-SQL transactions (lib/sql/plain-transaction.ts) take the same lock, in the same queue.
  registerPgWriteLock(client, {
    beginSql: `BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK})`,
    queue: (fn) => queueOf(pool).runExclusive(fn),
  });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const start = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolation) => {
      const tx = await start(isolation);
      const slot = starting.getStore();
      if (slot) slot.client = (tx as unknown as { client: pg.PoolClient }).client;
      return endsOn(tx, slot);
    };
    return adapter;
  };
  const $transaction = client.$transaction.bind(client) as (arg: unknown, options?: unknown) => Promise<unknown>;
  Object.assign(client, {
    $transaction(arg: unknown, options?: unknown) {
      if (typeof arg !== "function") return $transaction(arg, options);
      // A transaction begun inside another of this async context (which would wait on itself) keeps to the lock alone.
      if (starting.getStore()) return run(arg, options);
      // The others queue here, before taking a pool connection: waiting for the
      // write lock on one would hold it (with 16 writers, a pool of 10 had none
      // left for plain reads, nor /api/health) and spend the transaction's
      // timeout. The advisory lock then orders the replicas.
      return queueOf(pool).runExclusive(() => run(arg, options));
    },
  });
  function run(arg: unknown, options?: unknown) {
    const slot: TxSlot = {};
    return starting.run(slot, () =>
      $transaction(async (tx: object) => {
        if (!slot.client) throw new Error("The pg adapter's transaction connection was not captured (lib/db.ts).");
        // One writer at a time, across every replica, as SQLite's BEGIN IMMEDIATE
        // gives the embedded database: the verbs' check-then-write steps (quotas,
        // address pools, throttles, idempotency) stay atomic. Reads outside
        // transactions run in parallel on the pool.
        if (!slot.locked) await slot.client.query("SELECT pg_advisory_xact_lock($1)", [WRITE_LOCK]);
        bindPgTransaction(tx, slot.client);
        watchTransaction(tx, slot);
        return (arg as (tx: object) => Promise<unknown>)(tx);
      }, withWaits(options)),
    );
  }
  const $disconnect = client.$disconnect.bind(client);
  Object.assign(client, {
    async $disconnect() {
      await $disconnect();
      await closePool(url);
    },
  });
  return client as unknown as Db;
}

const patched = Symbol("stratus.lockWithBegin");
/**
 * A pool connection sends the BEGIN of a transaction this module starts
 * together with taking the write lock: one round trip, not two, while other
 * writers wait. (Argument-less, so pg sends it as a simple query, which may
 * hold two statements.)
 */
function lockWithBegin(client: pg.PoolClient): void {
  const c = client as pg.PoolClient & { [patched]?: true };
  if (c[patched]) return;
  c[patched] = true;
  const query = c.query.bind(c) as (...args: unknown[]) => unknown;
  c.query = ((config: unknown, ...rest: unknown[]) => {
    const slot = starting.getStore();
    const text = typeof config === "object" && config !== null ? (config as { text?: unknown }).text : config;
    if (text === "BEGIN" && slot && !slot.client && !slot.locked) {
      slot.locked = true;
      const sql = `BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK})`;
      return query(typeof config === "object" ? { ...(config as object), text: sql } : sql, ...rest);
    }
    return query(config, ...rest);
  }) as typeof c.query;
}

/**
 * The write lock is waited for with BEGIN (lockWithBegin), so its wait counts
 * against Prisma's maxWait (2 s by default), or, when the connection missed
 * that, inside the transaction against its timeout (5 s): replicas starting
 * together, or a busy moment, queue longer than that. A transaction that
 * didn't say gets half a minute to start and a minute to run, as the verbs ask.
 */
function withWaits(options: unknown): unknown {
  const o = (options ?? {}) as { maxWait?: number; timeout?: number };
  return { ...o, maxWait: o.maxWait ?? 30_000, timeout: o.timeout ?? 60_000 };
}

const g = globalThis as unknown as { __stratusDb?: Db };

export function db(): Db {
  return (g.__stratusDb ??= createDb());
}
