// Address assignment at boot: a public address through NAT from the
// documentation ranges (private addresses come from the instance's subnet:
// subnet-pool.ts). Each pool is walked on from a stored cursor, so a relaunch
// gets a different address; the column is unique, so no two live instances
// ever share one. Free addresses are found by probing candidates in batches,
// not by loading every address in use: a launch costs the same with ten
// instances or a hundred thousand.
import type { Tx } from "../../db";
import { Prisma } from "../../generated/prisma/client";
import { settings } from "../../config";
import { AddressPool } from "../../net/ipv4";
import { ServiceError } from "../../errors";
import { execSql, readAll, readRows } from "../../sql/read-rows";
import { CHUNK } from "../../sql/chunks";
import type { TailWrites } from "../verb";

let publicPool: AddressPool | null = null;
const pub = () => (publicPool ??= new AddressPool(settings.publicPool()));

export const privateDns = (ip: string) => `ip-${ip.replaceAll(".", "-")}.stratus.internal`;
export const publicDns = (ip: string) => `ec2-${ip.replaceAll(".", "-")}.compute.stratus.internal`;

export const PUBLIC_CURSOR = "cursor.public";

/**
 * How a walk reads and keeps its cursor. By default it reads the cursor first
 * and saves it as it finishes; a caller that read it already (in one query
 * with its other checks) passes it, and one with tail writes saves it there.
 */
export interface Walk {
  /** The stored cursor, already read (null: none stored yet). */
  cursor?: string | null;
  tail?: TailWrites;
  /** The fewest candidates a probe asks about (more when the cursor may be stale: others took the next ones meanwhile). */
  batch?: number;
}

async function storedCursor(db: Tx, key: string): Promise<string | null> {
  const [row] = await readRows<{ value: string }>(db, Prisma.sql`SELECT "value" FROM "Setting" WHERE "key" = ${key}`);
  return row?.value ?? null;
}

async function saveCursor(db: Tx, key: string, value: number, walk: Walk): Promise<void> {
  const sql = Prisma.sql`INSERT INTO "Setting" ("key", "value") VALUES (${key}, ${String(value)}) ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value"`;
  if (walk.tail) walk.tail.add(sql);
  else await execSql(db, sql);
}

/** Which of these candidates are taken: a query of their addresses, as "ip". */
export type InUse = (candidates: string[]) => Prisma.Sql;

// Public addresses are taken by instances and by held Elastic IPs (held even when idle).
export const publicInUse: InUse = (c) =>
  Prisma.sql`SELECT "publicIp" AS ip FROM "Instance" WHERE "publicIp" IN (${Prisma.join(c)})
      UNION ALL SELECT "publicIp" AS ip FROM "ElasticIp" WHERE "releasedAt" IS NULL AND "publicIp" IN (${Prisma.join(c)})`;

/** One pool to take addresses from. */
export interface PoolWalk extends Walk {
  pool: AddressPool;
  /** The Setting its cursor is kept in. */
  key: string;
  count: number;
  inUse: InUse;
}

const startAt = (w: PoolWalk, stored: string | null): number =>
  stored !== null && Number.isInteger(Number(stored)) ? Number(stored) : Math.floor(Math.random() * w.pool.size);

/**
 * Walks pools from their cursors in rounds: each round's candidates are probed
 * in one statement (lib/sql/read-rows.ts readAll), until each pool has `count`
 * free addresses or one has been walked once round. A caller can send the first
 * round itself (with other reads: RunInstances sends it with BEGIN).
 */
export class Probe {
  private readonly state: { w: PoolWalk; c: number; ips: string[]; walked: number }[];
  private pending: { s: Probe["state"][number]; ips: string[]; indexes: number[] }[] = [];

  constructor(walks: PoolWalk[], cursors: (string | null)[]) {
    this.state = walks.map((w, n) => ({ w, c: startAt(w, cursors[n]), ips: [], walked: 0 }));
  }

  /** The next round's queries (none: every pool is done). */
  next(): Prisma.Sql[] {
    this.pending = [];
    // A pool walked round short of its count dooms the launch (it needs every
    // pool's count): the others stop too, rather than walk on under the write
    // lock (a large public pool, a round trip per 250 addresses).
    if (this.state.some((s) => s.ips.length < s.w.count && s.walked >= s.w.pool.size)) return [];
    for (;;) {
      const open = this.state.filter((s) => s.ips.length < s.w.count && s.walked < s.w.pool.size);
      if (!open.length) return [];
      for (const s of open) {
        // A batch a little larger than what is still needed, since some will be taken.
        const want = Math.min(CHUNK / 2, Math.max(s.w.batch ?? 16, (s.w.count - s.ips.length) * 2));
        // Never past one lap of the pool, or a free address could be offered twice.
        const batch = s.w.pool.take(want, s.c, new Set(), s.w.pool.size - s.walked);
        s.walked += batch.steps;
        s.c = batch.cursor;
        if (batch.ips.length) this.pending.push({ s, ips: batch.ips, indexes: batch.indexes });
      }
      if (this.pending.length) return this.pending.map((p) => p.s.w.inUse(p.ips));
    }
  }

  /** Takes the free candidates of the round `next` gave, from its rows (in the same order). */
  found(rows: unknown[][]): void {
    for (const [k, { s, ips, indexes }] of this.pending.entries()) {
      const taken = new Set((rows[k] as { ip: string }[]).map((r) => r.ip));
      for (const [n, ip] of ips.entries()) {
        if (taken.has(ip)) continue;
        s.ips.push(ip);
        // The cursor stops at the last address handed out, so the rest of the batch is offered next time.
        if (s.ips.length === s.w.count) {
          s.c = indexes[n];
          break;
        }
      }
    }
    this.pending = [];
  }

  /** Runs the remaining rounds, saves the cursors (or adds them to the tail writes), and returns each pool's addresses. */
  async finish(db: Tx, tail?: TailWrites): Promise<string[][]> {
    for (let q = this.next(); q.length; q = this.next()) this.found(await readAll(db, q));
    for (const s of this.state) if (s.ips.length) await saveCursor(db, s.w.key, s.c, tail ? { ...s.w, tail } : s.w);
    return this.state.map((s) => s.ips);
  }
}

/** `count` free addresses from each pool, walking on from its cursor (or fewer, if a pool was walked round short of its count). */
export async function probeAll(db: Tx, walks: PoolWalk[]): Promise<string[][]> {
  const cursors = await Promise.all(walks.map(async (w) => (w.cursor !== undefined ? w.cursor : await storedCursor(db, w.key))));
  return new Probe(walks, cursors).finish(db);
}

export const publicWalk = (count: number, walk: Walk = {}): PoolWalk => ({ ...walk, pool: pub(), key: PUBLIC_CURSOR, count, inUse: publicInUse });

/** Refuses a launch or start that found fewer public addresses than it needs. */
export function requirePublicIps(ips: string[], count: number): string[] {
  if (ips.length < count)
    throw new ServiceError(
      "InsufficientAddressCapacity",
      `Only ${ips.length} public addresses are free in the pool (${pub().size} in all); ${count} were needed. Terminate instances or release Elastic IPs, or widen STRATUS_PUBLIC_POOL.`,
    );
  return ips;
}

export async function takePublicIps(db: Tx, count: number, walk: Walk = {}): Promise<string[]> {
  if (count === 0) return [];
  const [ips] = await probeAll(db, [publicWalk(count, walk)]);
  return requirePublicIps(ips, count);
}
