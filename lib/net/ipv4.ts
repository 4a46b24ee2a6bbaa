// IPv4 helpers over ipaddr.js: parsing and pools as integer ranges.
import ipaddr from "ipaddr.js";

export function ipToInt(ip: string): number {
  const b = ipaddr.IPv4.parse(ip).octets;
  return ((b[0] << 24) >>> 0) + (b[1] << 16) + (b[2] << 8) + b[3];
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

export interface HostRange {
  first: number;
  last: number;
}

/** Usable host addresses of an IPv4 CIDR (network and broadcast excluded below /31). */
export function hostRange(cidr: string): HostRange {
  const [addr, bits] = ipaddr.IPv4.parseCIDR(cidr);
  const size = 2 ** (32 - bits);
  const network = ipToInt(addr.toString()) - (ipToInt(addr.toString()) % size);
  return size <= 2 ? { first: network, last: network + size - 1 } : { first: network + 1, last: network + size - 2 };
}

/** A pool of addresses as an ordered list of ranges, walked by index. */
export class AddressPool {
  readonly ranges: HostRange[];
  readonly size: number;
  constructor(cidrs: string[], private readonly skip: (n: number) => boolean = () => false) {
    this.ranges = cidrs.map(hostRange);
    this.size = this.ranges.reduce((s, r) => s + r.last - r.first + 1, 0);
  }
  at(index: number): number {
    let i = ((index % this.size) + this.size) % this.size;
    for (const r of this.ranges) {
      const len = r.last - r.first + 1;
      if (i < len) return r.first + i;
      i -= len;
    }
    throw new Error("unreachable");
  }
  /**
   * Up to `count` free addresses, walking on from `cursor` so each launch gets
   * addresses not handed out recently. Returns them and the new cursor.
   */
  take(count: number, cursor: number, used: Set<string>, maxSteps = this.size): { ips: string[]; cursor: number; indexes: number[]; steps: number } {
    const ips: string[] = [];
    const indexes: number[] = [];
    let c = cursor;
    let step = 0;
    for (; step < Math.min(maxSteps, this.size) && ips.length < count; step++) {
      c = (c + 1) % this.size;
      const n = this.at(c);
      if (this.skip(n)) continue;
      const ip = intToIp(n);
      if (!used.has(ip)) {
        ips.push(ip);
        indexes.push(c);
      }
    }
    return { ips, cursor: c, indexes, steps: step };
  }
}

/** Private addresses avoid .0 and .255 in every /24, which look like network or broadcast. */
export const skipEdgeOctets = (n: number) => (n & 255) === 0 || (n & 255) === 255;
