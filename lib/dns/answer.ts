// The authoritative answer to one DNS query, from the teams' zones: A and
// CNAME records with their TTLs (a CNAME chased within Stratus's zones), SOA
// and NS at a zone's apex, NODATA and NXDOMAIN with the zone's SOA for
// negative caching (RFC 2308), REFUSED for names outside every zone (no
// recursion), NOTIMP for other opcodes, FORMERR for malformed queries.
import type { Answer, DecodedPacket, Packet, Question } from "dns-packet";
import { AUTHORITATIVE_ANSWER, RECURSION_DESIRED } from "dns-packet";
import type { RecordValue } from "../control-plane/dns/resolve";
import { zoneFor } from "../control-plane/dns/names";

export interface ZoneData {
  id: string;
  teamId: string;
  name: string;
  serial: number;
}

export interface RecordSetData {
  name: string;
  type: string;
  ttl: number;
  values: RecordValue[];
}

export interface DnsLookup {
  zones(): Promise<Map<string, ZoneData>>;
  /** Record sets at exactly this name. */
  recordSets(zone: ZoneData, name: string): Promise<RecordSetData[]>;
  /** Whether any record set lies below this name (it then exists, with no data of its own). */
  hasDescendants(zone: ZoneData, name: string): Promise<boolean>;
  resolve(zone: ZoneData, values: RecordValue[]): Promise<string[]>;
}

export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
import { NEGATIVE_TTL, SOA_TTL } from "./constants";
const NS_TTL = 86_400;
const MAX_CHAIN = 8;

const OPCODE_QUERY = 0;

export function soaRecord(zone: ZoneData, owner = zone.name): Answer {
  return {
    name: owner,
    type: "SOA",
    ttl: SOA_TTL,
    class: "IN",
    data: { mname: `ns.${zone.name}`, rname: `hostmaster.${zone.name}`, serial: zone.serial, refresh: 7200, retry: 900, expire: 1_209_600, minimum: NEGATIVE_TTL },
  } as Answer;
}

/** A response carrying only a code (and the question when there was one). */
export function bare(id: number, flags: number, rcode: number, questions: Question[] = []): Packet {
  return { type: "response", id, flags: (flags & RECURSION_DESIRED) | rcode, questions, answers: [], authorities: [], additionals: [] };
}

export async function answerQuery(q: DecodedPacket, lookup: DnsLookup, opts: { nsAddress: string }): Promise<Packet> {
  const id = q.id ?? 0;
  const opcode = ((q.flags ?? 0) >> 11) & 0xf;
  if (opcode !== OPCODE_QUERY) return bare(id, q.flags ?? 0, RCODE.NOTIMP);
  if (!q.questions || q.questions.length !== 1) return bare(id, q.flags ?? 0, RCODE.FORMERR);
  const question = q.questions[0];
  const qname = question.name.toLowerCase().replace(/\.$/, "");
  const qclass = question.class ?? "IN";
  if (qclass !== "IN" && qclass !== "ANY") return bare(id, q.flags ?? 0, RCODE.REFUSED, [question]);
  const zones = await lookup.zones();
  const zoneName = zoneFor(qname, zones.keys());
  // Not ours: an authoritative-only server refuses rather than recursing.
  if (!zoneName) return bare(id, q.flags ?? 0, RCODE.REFUSED, [question]);
  const zone = zones.get(zoneName)!;
  const res: Packet = { ...bare(id, q.flags ?? 0, RCODE.NOERROR, [question]), flags: ((q.flags ?? 0) & RECURSION_DESIRED) | AUTHORITATIVE_ANSWER };
  const answers = res.answers!;
  // dns-packet decodes qtype 255 as "ANY", though its types leave it out.
  const want = question.type as string;
  const owner = question.name.replace(/\.$/, "");

  // The apex's own records.
  if (qname === zone.name && (want === "SOA" || want === "ANY")) answers.push(soaRecord(zone, owner));
  if (qname === zone.name && (want === "NS" || want === "ANY")) {
    answers.push({ name: owner, type: "NS", ttl: NS_TTL, class: "IN", data: `ns.${zone.name}` } as Answer);
    res.additionals!.push({ name: `ns.${zone.name}`, type: "A", ttl: NS_TTL, class: "IN", data: opts.nsAddress } as Answer);
  }

  let name = qname;
  let shown = owner;
  let current = zone;
  for (let hop = 0; hop < MAX_CHAIN; hop++) {
    const sets = await lookup.recordSets(current, name);
    if (!sets.length && name === `ns.${current.name}` && (want === "A" || want === "ANY")) {
      answers.push({ name: shown, type: "A", ttl: NS_TTL, class: "IN", data: opts.nsAddress } as Answer);
      return res;
    }
    const cname = sets.find((s) => s.type === "CNAME");
    if (cname && want !== "CNAME") {
      const target = cname.values[0]?.value ?? "";
      answers.push({ name: shown, type: "CNAME", ttl: cname.ttl, class: "IN", data: target } as Answer);
      // Chase it while it stays in Stratus's zones (as authoritative servers do for in-bailiwick targets).
      const next = zoneFor(target, zones.keys());
      if (!next) return res;
      current = zones.get(next)!;
      name = target;
      shown = target;
      continue;
    }
    for (const s of sets.filter((x) => x.type === want || (want === "ANY" && x.type !== "SOA"))) {
      for (const value of await lookup.resolve(current, s.values)) answers.push({ name: shown, type: s.type, ttl: s.ttl, class: "IN", data: value } as Answer);
    }
    if (answers.length) return res;
    // No answer: the name exists without this type (NODATA), or not at all (NXDOMAIN); the SOA says how long to remember.
    const exists = sets.length > 0 || name === current.name || (await lookup.hasDescendants(current, name));
    res.authorities!.push(soaRecord(current));
    if (!exists) res.flags = (res.flags ?? 0) | RCODE.NXDOMAIN;
    return res;
  }
  return res;
}
