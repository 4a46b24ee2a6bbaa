import { describe, expect, it } from "vitest";
import { AddressPool, hostRange, intToIp, ipToInt, skipEdgeOctets } from "./ipv4";

describe("IPv4 pools", () => {
  it("converts addresses both ways", () => {
    expect(ipToInt("203.0.113.7")).toBe(3405803783);
    expect(intToIp(3405803783)).toBe("203.0.113.7");
    expect(intToIp(ipToInt("255.255.255.255"))).toBe("255.255.255.255");
  });

  it("excludes network and broadcast addresses", () => {
    const r = hostRange("203.0.113.0/24");
    expect(intToIp(r.first)).toBe("203.0.113.1");
    expect(intToIp(r.last)).toBe("203.0.113.254");
    expect(new AddressPool(["203.0.113.0/24", "198.51.100.0/24", "192.0.2.0/24"]).size).toBe(762);
  });

  it("walks on from the cursor, skipping used addresses, and wraps", () => {
    const pool = new AddressPool(["192.0.2.0/29"]); // .1 to .6
    const first = pool.take(2, -1, new Set());
    expect(first.ips).toEqual(["192.0.2.1", "192.0.2.2"]);
    const next = pool.take(2, first.cursor, new Set(["192.0.2.3"]));
    expect(next.ips).toEqual(["192.0.2.4", "192.0.2.5"]);
    const wrap = pool.take(3, next.cursor, new Set(["192.0.2.2"]));
    expect(wrap.ips).toEqual(["192.0.2.6", "192.0.2.1", "192.0.2.3"]);
  });

  it("returns fewer than asked when the pool is full", () => {
    const pool = new AddressPool(["192.0.2.0/30"]); // .1 and .2
    expect(pool.take(3, 0, new Set(["192.0.2.1"])).ips).toEqual(["192.0.2.2"]);
  });

  it("can skip .0 and .255 inside a large private range", () => {
    const pool = new AddressPool(["10.0.0.0/8"], skipEdgeOctets);
    const { ips } = pool.take(3, ipToInt("10.0.0.253") - ipToInt("10.0.0.1"), new Set());
    expect(ips).toEqual(["10.0.0.254", "10.0.1.1", "10.0.1.2"]);
  });
});
