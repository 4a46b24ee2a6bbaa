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
import { execSql, readRows } from "../../sql/read-rows";
import { CHUNK } from "../../sql/chunks";

let publicPool: AddressPool | null = null;
const pub = () => (publicPool ??= new AddressPool(settings.publicPool()));

export const privateDns = (ip: string) => `ip-${ip.replaceAll(".", "-")}.stratus.internal`;
export const publicDns = (ip: string) => `ec2-${ip.replaceAll(".", "-")}.compute.stratus.internal`;

async function cursor(db: Tx, key: string, initial: () => number): Promise<number> {
  const [row] = await readRows<{ value: string }>(db, Prisma.sql`SELECT "value" FROM "Setting" WHERE "key" = ${key}`);
  return row ? Number(row.value) : initial();
}

async function saveCursor(db: Tx, key: string, value: number): Promise<void> {
  await execSql(db, Prisma.sql`INSERT INTO "Setting" ("key", "value") VALUES (${key}, ${String(value)}) ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value"`);
}

/** Which of these candidates are taken. */
type InUse = (db: Tx, candidates: string[]) => Promise<Set<string>>;

// Public addresses are taken by instances and by held Elastic IPs (held even when idle).
export const publicInUse: InUse = async (db, c) => {
  const rows = await readRows<{ ip: string }>(
    db,
    Prisma.sql`SELECT "publicIp" AS ip FROM "Instance" WHERE "publicIp" IN (${Prisma.join(c)})
      UNION ALL SELECT "publicIp" AS ip FROM "ElasticIp" WHERE "releasedAt" IS NULL AND "publicIp" IN (${Prisma.join(c)})`,
  );
  return new Set(rows.map((r) => r.ip));
};

/** `count` free addresses walking on from the pool's cursor, or as many as there are if the whole pool was walked. */
export async function probe(db: Tx, pool: AddressPool, key: string, count: number, inUse: InUse): Promise<string[]> {
  const start = await cursor(db, key, () => Math.floor(Math.random() * pool.size));
  const ips: string[] = [];
  let c = start;
  let walked = 0;
  while (ips.length < count && walked < pool.size) {
    // A batch a little larger than what is still needed, since some will be taken.
    const want = Math.min(CHUNK / 2, Math.max(16, (count - ips.length) * 2));
    // Never past one lap of the pool, or a free address could be offered twice.
    const batch = pool.take(want, c, new Set(), pool.size - walked);
    walked += batch.steps;
    c = batch.cursor;
    if (batch.ips.length === 0) continue;
    const taken = await inUse(db, batch.ips);
    for (const [n, ip] of batch.ips.entries()) {
      if (taken.has(ip)) continue;
      ips.push(ip);
      // The cursor stops at the last address handed out, so the rest of the batch is offered next time.
      if (ips.length === count) {
        c = batch.indexes[n];
        break;
      }
    }
  }
  if (ips.length) await saveCursor(db, key, c);
  return ips;
}

export async function takePublicIps(db: Tx, count: number): Promise<string[]> {
  if (count === 0) return [];
  const pool = pub();
  const ips = await probe(db, pool, "cursor.public", count, publicInUse);
  if (ips.length < count)
    throw new ServiceError(
      "InsufficientAddressCapacity",
      `Only ${ips.length} public addresses are free in the pool (${pool.size} in all); ${count} were needed. Terminate instances or release Elastic IPs, or widen STRATUS_PUBLIC_POOL.`,
    );
  return ips;
}

