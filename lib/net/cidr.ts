// CIDR parsing and matching over ipaddr.js, IPv4 and IPv6, with the mistakes
// people make named: a bad address, a prefix out of range, host bits set.
import ipaddr from "ipaddr.js";

export interface Cidr {
  /** Canonical network form, e.g. "10.0.0.0/8" or "2001:db8::/32". */
  text: string;
  version: 4 | 6;
  prefix: number;
  range: [ipaddr.IPv4 | ipaddr.IPv6, number];
}

export type CidrResult = { ok: true; cidr: Cidr } | { ok: false; message: string; suggestion?: string };

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function parseCidr(input: string): CidrResult {
  const text = input.trim();
  const slash = text.indexOf("/");
  if (slash < 0) return { ok: false, message: `"${text}" has no prefix length: write it as an address/prefix, such as ${IPV4.test(text) ? `${text}/32` : "0.0.0.0/0"}.` };
  const addr = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return { ok: false, message: `"${text}": the prefix length "${prefixText}" is not a number.` };
  const prefix = Number(prefixText);
  const m = IPV4.exec(addr);
  if (m) {
    const bad = m.slice(1).find((o) => Number(o) > 255 || (o.length > 1 && o.startsWith("0")));
    if (bad !== undefined) return { ok: false, message: `"${text}" is not a valid IPv4 address: each of its four numbers must be 0 to 255 (${bad} is not).` };
    if (prefix > 32) return { ok: false, message: `"${text}": an IPv4 prefix length is 0 to 32, not ${prefix}.` };
  } else if (ipaddr.IPv6.isValid(addr)) {
    if (prefix > 128) return { ok: false, message: `"${text}": an IPv6 prefix length is 0 to 128, not ${prefix}.` };
  } else {
    return { ok: false, message: `"${text}" is not a valid CIDR block: "${addr}" is neither an IPv4 nor an IPv6 address.` };
  }
  const ip = ipaddr.parse(addr);
  const version = ip.kind() === "ipv4" ? 4 : 6;
  const network = version === 4 ? ipaddr.IPv4.networkAddressFromCIDR(text) : ipaddr.IPv6.networkAddressFromCIDR(text);
  const canonical = `${network.toString()}/${prefix}`;
  if (network.toString() !== ip.toString()) {
    const size = version === 4 ? 2 ** (32 - prefix) : null;
    const broadcast = version === 4 ? ipaddr.IPv4.broadcastAddressFromCIDR(text).toString() : null;
    const span = size !== null ? ` (${size.toLocaleString("en-US")} addresses, ${network.toString()} to ${broadcast})` : "";
    return {
      ok: false,
      message: `"${text}" has host bits set: a /${prefix} names a whole network, and ${addr} is inside ${canonical}${span} rather than at its start. Use ${canonical} for the network, or ${addr}/${version === 4 ? 32 : 128} for the single address.`,
      suggestion: canonical,
    };
  }
  return { ok: true, cidr: { text: canonical, version, prefix, range: [network, prefix] } };
}

export function cidrContains(cidr: string, ip: string): boolean {
  if (!ipaddr.isValid(ip)) return false;
  const [net, bits] = ipaddr.parseCIDR(cidr);
  let addr = ipaddr.parse(ip);
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
  if (addr.kind() !== net.kind()) return false;
  return addr.match([net, bits] as never);
}

export const isEverywhere = (cidr: string) => cidr === "0.0.0.0/0" || cidr === "::/0";

// Asked of every member address of a group's rule, for every member, on every
// meter pass (quadratic in a group's size), and ipaddr.js parses take microseconds: remembered.
const privateMemo = new Map<string, boolean>();

/** RFC 1918 (and the cloud's own 10.0.0.0/8): addresses reached over the private network. */
export function isPrivateIpv4(ip: string): boolean {
  let known = privateMemo.get(ip);
  if (known === undefined) {
    if (privateMemo.size >= 100_000) privateMemo.clear();
    known = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].some((c) => cidrContains(c, ip));
    privateMemo.set(ip, known);
  }
  return known;
}
