// The address probe's rounds (lib/control-plane/addresses/pool.ts), without a
// database: each round's rows are made up here.
import { describe, expect, it } from "vitest";
import { Prisma } from "../../generated/prisma/client";
import { AddressPool } from "../../net/ipv4";
import { Probe, type PoolWalk } from "./pool";

const walk = (cidr: string, key: string, count: number): PoolWalk => ({ pool: new AddressPool([cidr]), key, count, inUse: (c) => Prisma.sql`SELECT ${c.length} AS ip` });

/** Rounds until the probe is done, every candidate free. */
function rounds(probe: Probe): number {
  let n = 0;
  for (let q = probe.next(); q.length; q = probe.next()) {
    probe.found(q.map(() => []));
    if (++n > 10_000) break;
  }
  return n;
}

describe("the address probe", () => {
  it("stops every pool once one has been walked round short of the count: the launch is refused anyway (a huge public pool was walked on under the write lock)", () => {
    const probe = new Probe([walk("172.31.0.0/24", "s", 100_000), walk("10.0.0.0/8", "p", 100_000)], [null, null]);
    // The /24 takes two rounds of 250; the /8 alone would take 400.
    expect(rounds(probe)).toBeLessThanOrEqual(3);
  });

  it("walks on until each pool has its count when both can", () => {
    const probe = new Probe([walk("172.31.0.0/20", "s", 1000), walk("10.0.0.0/8", "p", 1000)], [null, null]);
    rounds(probe);
    const found = (probe as unknown as { state: { ips: string[] }[] }).state.map((s) => s.ips.length);
    expect(found).toEqual([1000, 1000]);
  });
});
