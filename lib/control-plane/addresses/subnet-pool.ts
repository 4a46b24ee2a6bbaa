// Private addresses come from the instance's subnet, as in a VPC: EC2 keeps
// the first four addresses of a subnet and its last (network, router, DNS,
// reserved, broadcast), so a /20 holds 4,091 instances. Each subnet is walked
// on from its own cursor (a relaunch gets a different address), and an
// address is unique within its subnet.
import type { Tx } from "../../db";
import { Prisma } from "../../generated/prisma/client";
import { AddressPool, hostRange } from "../../net/ipv4";
import { ServiceError } from "../../errors";
import { readRows } from "../../sql/read-rows";
import { probeAll, type PoolWalk, type Walk } from "./pool";

export const privateCursor = (subnetId: string) => `cursor.private.${subnetId}`;

const pools = new Map<string, AddressPool>();

function poolOf(cidr: string): AddressPool {
  let p = pools.get(cidr);
  if (!p) {
    const network = hostRange(cidr).first - 1;
    // hostRange already leaves out the network and broadcast addresses.
    p = new AddressPool([cidr], (n) => n - network <= 3);
    if (pools.size < 1000) pools.set(cidr, p);
  }
  return p;
}

/** Addresses instances can have in a subnet of this size. */
export function subnetCapacity(cidr: string): number {
  return Math.max(0, poolOf(cidr).size - 3);
}

export function subnetWalk(subnet: { id: string; cidrBlock: string }, count: number, walk: Walk = {}): PoolWalk {
  return {
    ...walk, pool: poolOf(subnet.cidrBlock), key: privateCursor(subnet.id), count,
    inUse: (c) => Prisma.sql`SELECT "privateIp" AS ip FROM "Instance" WHERE "subnetId" = ${subnet.id} AND "privateIp" IN (${Prisma.join(c)})`,
  };
}

/** Refuses a launch that found fewer addresses in its subnet than it needs. */
export function requireSubnetIps(subnet: { id: string; cidrBlock: string }, ips: string[], count: number): string[] {
  if (ips.length < count)
    throw new ServiceError(
      "InsufficientFreeAddressesInSubnet",
      `The subnet ${subnet.id} (${subnet.cidrBlock}) has ${ips.length} free addresses and ${count} were needed. Launch into another availability zone, or terminate instances.`,
      "subnetId",
    );
  return ips;
}

export async function takeSubnetIps(db: Tx, subnet: { id: string; cidrBlock: string }, count: number, walk: Walk = {}): Promise<string[]> {
  if (count === 0) return [];
  const [ips] = await probeAll(db, [subnetWalk(subnet, count, walk)]);
  return requireSubnetIps(subnet, ips, count);
}
