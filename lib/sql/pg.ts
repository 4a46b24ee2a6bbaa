// PostgreSQL connections for plain SQL: one pg Pool per database URL, shared
// with Prisma's pg adapter, and values converted so rows look the same as
// SQLite's (integers as bigint, times as Date in UTC).
import crypto from "node:crypto";
import pg from "pg";

const { types } = pg;

// Columns are "timestamp(3) without time zone" holding UTC (Prisma's DateTime):
// read them as UTC whatever the process's time zone.
const parseTimestamp = (v: string) => new Date(`${v.replace(" ", "T")}Z`);
// bigint columns and COUNT/SUM results: exact, as SQLite's safe integers give them.
const parseInt8 = (v: string) => BigInt(v);
const parseNumeric = (v: string) => (/^-?\d+$/.test(v) ? BigInt(v) : Number(v));

const parsers: Record<number, (v: string) => unknown> = {
  [types.builtins.TIMESTAMP]: parseTimestamp,
  [types.builtins.INT8]: parseInt8,
  [types.builtins.NUMERIC]: parseNumeric,
};

/** Per-query type parsers (never the global ones: Prisma's adapter relies on those). */
export const rowTypes = {
  getTypeParser: ((oid: number, format?: string) => (format !== "binary" && parsers[oid]) || types.getTypeParser(oid, format as "text")) as never,
};

/** A bound value as PostgreSQL should read it: Dates as UTC instants (the columns have no zone). */
export const toPg = (v: unknown): unknown => (v instanceof Date ? v.toISOString() : v);

const g = globalThis as unknown as { __stratusPools?: Map<string, pg.Pool> };
const pools = (g.__stratusPools ??= new Map());

/** Pool size per replica: concurrent requests each get their own connection (and so their own transaction). */
export const poolSize = (): number => Math.max(2, Number(process.env.STRATUS_PG_POOL ?? 10) || 10);

export function pgPool(url: string): pg.Pool {
  let pool = pools.get(url);
  if (!pool) {
    // pipeline: a query made while another is running on the connection goes out
    // at once (PostgreSQL runs them in order): a plain transaction's BEGIN, write
    // lock and first reads are one round trip, its last writes and COMMIT another
    // (lib/sql/plain-transaction.ts). Code that awaits each query sees no difference.
    // Generic plans always: the named statements (below) are planned once per connection.
    // With PostgreSQL's default, a statement whose generic plan looks dearer than
    // the custom ones (an ANY(array), a LIMIT) is planned again at every run, and
    // planning the instance view cost more than running it (0.6 of a describe's 1 ms).
    pool = new pg.Pool({
      connectionString: url,
      max: poolSize(),
      idleTimeoutMillis: 30_000,
      application_name: "stratus",
      pipeline: true,
      options: "-c plan_cache_mode=force_generic_plan",
    } as pg.PoolConfig);
    // An idle connection dropped by the server is replaced on next use; say why, don't crash.
    pool.on("error", () => {});
    pools.set(url, pool);
  }
  return pool;
}

export async function closePool(url: string): Promise<void> {
  const pool = pools.get(url);
  pools.delete(url);
  await pool?.end();
}

export type Queryable = Pick<pg.Pool | pg.PoolClient, "query">;

/**
 * A name for the statement, so each connection parses and plans it once (the
 * hot paths' statements take PostgreSQL longer to plan than to run). A text is
 * named on its second use, so one-off shapes don't take the places of hot
 * statements; only so many get one, since each costs every connection memory
 * (a long instance view up to ~170 KB), and the rest run unnamed.
 */
const NAMED_MAX = 200;
const named = new Map<string, string>();
const seen = new Set<string>();
function statementName(text: string): string | undefined {
  const known = named.get(text);
  if (known || named.size >= NAMED_MAX || text.length > 20_000) return known;
  if (!seen.has(text)) {
    if (seen.size >= 10_000) seen.clear();
    seen.add(text);
    return undefined;
  }
  const name = `stratus_${crypto.createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
  named.set(text, name);
  return name;
}

/** Whether pg can send every value as it is (a value it can't convert would fail in the client, unsent, while what follows still goes). */
export function sendable(values: unknown[]): boolean {
  const ok = (v: unknown): boolean =>
    v === null || v === undefined || ["string", "number", "boolean", "bigint"].includes(typeof v) || v instanceof Date || Buffer.isBuffer(v) || (Array.isArray(v) && v.every(ok));
  return values.every(ok);
}

export async function pgRows<T>(conn: Queryable, text: string, values: unknown[]): Promise<T[]> {
  const r = await conn.query({ name: statementName(text), text, values: values.map(toPg), types: rowTypes });
  return r.rows as T[];
}

export async function pgExec(conn: Queryable, text: string, values: unknown[]): Promise<number> {
  const r = await conn.query({ name: statementName(text), text, values: values.map(toPg), types: rowTypes });
  return r.rowCount ?? 0;
}
