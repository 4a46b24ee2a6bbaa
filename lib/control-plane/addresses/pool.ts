// Address assignment at boot: a private RFC 1918 address (10.0.0.0/8) and a
// public address through NAT from the documentation ranges. Each pool is walked
// on from a stored cursor, so a relaunch gets a different address; both columns
// are unique, so no two live instances ever share one.
import type { Tx } from "../../db";
import { settings } from "../../config";
import { AddressPool, skipEdgeOctets } from "../../net/ipv4";
import { ServiceError } from "../../errors";

const PRIVATE = new AddressPool(["10.0.0.0/8"], skipEdgeOctets);
let publicPool: AddressPool | null = null;
const pub = () => (publicPool ??= new AddressPool(settings.publicPool()));

export const privateDns = (ip: string) => `ip-${ip.replaceAll(".", "-")}.stratus.internal`;
export const publicDns = (ip: string) => `ec2-${ip.replaceAll(".", "-")}.compute.stratus.internal`;

async function cursor(db: Tx, key: string, initial: () => number): Promise<number> {
  const row = await db.setting.findUnique({ where: { key } });
  return row ? Number(row.value) : initial();
}

async function saveCursor(db: Tx, key: string, value: number): Promise<void> {
  await db.setting.upsert({ where: { key }, create: { key, value: String(value) }, update: { value: String(value) } });
}

/** Public addresses in use: on instances and held as Elastic IPs. */
export async function usedPublicIps(db: Tx): Promise<Set<string>> {
  const rows = await db.$queryRaw<{ ip: string }[]>`SELECT "publicIp" AS ip FROM "Instance" WHERE "publicIp" IS NOT NULL`;
  const extra = await usedElasticIps(db);
  return new Set([...rows.map((r) => r.ip), ...extra]);
}

/** Elastic IPs are held by the team even when idle; the EIP module registers itself here. */
export const elasticIpSources: Array<(db: Tx) => Promise<string[]>> = [];
async function usedElasticIps(db: Tx): Promise<string[]> {
  return (await Promise.all(elasticIpSources.map((f) => f(db)))).flat();
}

export async function takePublicIps(db: Tx, count: number): Promise<string[]> {
  if (count === 0) return [];
  const pool = pub();
  const used = await usedPublicIps(db);
  const start = await cursor(db, "cursor.public", () => Math.floor(Math.random() * pool.size));
  const { ips, cursor: next } = pool.take(count, start, used);
  if (ips.length < count)
    throw new ServiceError(
      "InsufficientAddressCapacity",
      `Only ${ips.length} public addresses are free in the pool (${pool.size} in all); ${count} were needed. Terminate instances or release Elastic IPs, or widen STRATUS_PUBLIC_POOL.`,
    );
  await saveCursor(db, "cursor.public", next);
  return ips;
}

export async function takePrivateIps(db: Tx, count: number): Promise<string[]> {
  const rows = await db.$queryRaw<{ ip: string }[]>`SELECT "privateIp" AS ip FROM "Instance" WHERE "privateIp" IS NOT NULL`;
  const used = new Set(rows.map((r) => r.ip));
  const start = await cursor(db, "cursor.private", () => Math.floor(Math.random() * PRIVATE.size));
  const { ips, cursor: next } = PRIVATE.take(count, start, used);
  if (ips.length < count) throw new ServiceError("InsufficientAddressCapacity", "The private address space is exhausted.");
  await saveCursor(db, "cursor.private", next);
  return ips;
}
