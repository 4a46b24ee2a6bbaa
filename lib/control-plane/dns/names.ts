// DNS names as Stratus stores them: lower case, no trailing dot, labels of
// letters, digits and hyphens (1–63 characters), at most 253 characters.
// A record's name is given relative to its zone ("www", "@" for the apex) or
// in full ("www.example.com" or "www.example.com.").
import ipaddr from "ipaddr.js";
import { ServiceError } from "../../errors";

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** The normalised name, or null when it is not a host name. */
export function normaliseName(text: string): string | null {
  const s = text.trim().toLowerCase().replace(/\.$/, "");
  if (!s || s.length > 253) return null;
  return s.split(".").every((l) => LABEL.test(l)) ? s : null;
}

export function zoneName(text: string): string {
  const n = normaliseName(text);
  if (!n || !n.includes(".")) throw new ServiceError("InvalidParameterValue", `"${text}" is not a domain name: use labels of letters, digits and hyphens separated by dots, such as example.com.`, "name");
  return n;
}

/** A record's full name in its zone. */
export function recordName(text: string, zone: string): string {
  const t = text.trim().toLowerCase();
  if (t === "" || t === "@") return zone;
  const full = t.endsWith(".") ? t.slice(0, -1) : t === zone || t.endsWith(`.${zone}`) ? t : `${t}.${zone}`;
  const n = normaliseName(full);
  if (!n) throw new ServiceError("InvalidParameterValue", `"${text}" is not a host name: use letters, digits and hyphens, such as www.`, "name");
  if (n !== zone && !n.endsWith(`.${zone}`)) throw new ServiceError("InvalidParameterValue", `${n} is outside the zone ${zone}.`, "name");
  return n;
}

/** The zone (of these names) a query name falls in: the longest that is it or a suffix of it. */
export function zoneFor(qname: string, zones: Iterable<string>): string | null {
  let best: string | null = null;
  for (const z of zones) if ((qname === z || qname.endsWith(`.${z}`)) && (!best || z.length > best.length)) best = z;
  return best;
}

/** A dotted-quad IPv4 address (ipaddr.js: no octal, no short forms). */
export const isIpv4 = (s: string): boolean => ipaddr.IPv4.isValidFourPartDecimal(s);
