// Security group rules: normalisation, identity (for duplicates), the
// ec2-authorize line, and the reachability explainer. Pure: shared by the
// services, the providers and the UI.
import { parseCidr, cidrContains, isEverywhere, isPrivateIpv4 } from "./cidr";
import { table } from "../own";

export type Protocol = "tcp" | "udp" | "icmp" | "all";

export interface Rule {
  protocol: Protocol;
  /** tcp/udp: first port; icmp: type (-1 = all); all: -1 */
  fromPort: number;
  /** tcp/udp: last port; icmp: code (-1 = all); all: -1 */
  toPort: number;
  cidr: string | null;
  sourceGroupId: string | null;
}

export interface RuleInput {
  protocol: string;
  fromPort?: number | string | null;
  toPort?: number | string | null;
  cidr?: string | null;
  sourceGroupId?: string | null;
}

export type Normalised = { ok: true; rule: Rule } | { ok: false; field: "protocol" | "fromPort" | "toPort" | "cidr" | "source"; message: string };

// Keyed by what the client sent: no inherited members ("constructor" is not a protocol).
const PROTOCOLS = table<Protocol>({ tcp: "tcp", "6": "tcp", udp: "udp", "17": "udp", icmp: "icmp", "1": "icmp", all: "all", "-1": "all" });

function int(v: number | string | null | undefined): number | null {
  if (v === null || v === undefined || v === "") return null;
  const n = typeof v === "number" ? v : Number(String(v).trim());
  return Number.isInteger(n) ? n : NaN;
}

export function normaliseRule(input: RuleInput): Normalised {
  const protocol = PROTOCOLS[String(input.protocol ?? "").trim().toLowerCase()];
  if (!protocol) return { ok: false, field: "protocol", message: `Unknown protocol "${input.protocol}": use tcp, udp, icmp or all.` };
  let from = int(input.fromPort);
  let to = int(input.toPort);
  if (protocol === "all") {
    from = -1;
    to = -1;
  } else if (protocol === "icmp") {
    from ??= -1;
    to ??= -1;
    if (Number.isNaN(from) || from < -1 || from > 255) return { ok: false, field: "fromPort", message: `ICMP type must be -1 (all) or 0 to 255, not ${input.fromPort}.` };
    if (Number.isNaN(to) || to < -1 || to > 255) return { ok: false, field: "toPort", message: `ICMP code must be -1 (all) or 0 to 255, not ${input.toPort}.` };
    if (from === -1 && to !== -1) return { ok: false, field: "toPort", message: "An ICMP code needs a type: with type -1 (all types) the code must be -1 too." };
  } else {
    if (from === null) return { ok: false, field: "fromPort", message: `A ${protocol} rule needs a port.` };
    to ??= from;
    if (Number.isNaN(from) || from < 0 || from > 65535) return { ok: false, field: "fromPort", message: `Ports are 0 to 65535; "${input.fromPort}" is not.` };
    if (Number.isNaN(to) || to < 0 || to > 65535) return { ok: false, field: "toPort", message: `Ports are 0 to 65535; "${input.toPort}" is not.` };
    if (from > to) return { ok: false, field: "toPort", message: `The port range ${from}–${to} runs backwards: the first port must not be above the last.` };
  }
  const hasCidr = Boolean(input.cidr && input.cidr.trim());
  const hasGroup = Boolean(input.sourceGroupId && input.sourceGroupId.trim());
  if (hasCidr === hasGroup) return { ok: false, field: "source", message: hasCidr ? "Give either a CIDR or a source group, not both." : "Say where traffic may come from: a CIDR such as 0.0.0.0/0, or a security group." };
  let cidr: string | null = null;
  if (hasCidr) {
    const parsed = parseCidr(input.cidr!);
    if (!parsed.ok) return { ok: false, field: "cidr", message: parsed.message };
    cidr = parsed.cidr.text;
  }
  return { ok: true, rule: { protocol, fromPort: from!, toPort: to!, cidr, sourceGroupId: hasGroup ? input.sourceGroupId!.trim() : null } };
}

/** Two rules are the same rule when this is equal. */
export const ruleKey = (r: Rule) => `${r.protocol}|${r.fromPort}|${r.toPort}|${r.cidr ?? ""}|${r.sourceGroupId ?? ""}`;

/** The rule as ec2-describe-group printed it: "ALLOWS tcp 22 22 FROM CIDR 0.0.0.0/0". */
export function authorizeLine(r: Rule, groupName?: (id: string) => string): string {
  const ports = r.protocol === "all" ? "" : ` ${r.fromPort} ${r.toPort}`;
  const from = r.cidr ? `CIDR ${r.cidr}` : `GRPNAME ${groupName?.(r.sourceGroupId!) ?? r.sourceGroupId}`;
  return `ALLOWS ${r.protocol}${ports} FROM ${from}`;
}

/** "tcp 22", "tcp 6000–6010", "icmp type 8", "all traffic" — for sentences. */
export function describePorts(r: Pick<Rule, "protocol" | "fromPort" | "toPort">): string {
  if (r.protocol === "all") return "all traffic";
  if (r.protocol === "icmp") return r.fromPort === -1 ? "all ICMP" : `icmp type ${r.fromPort}${r.toPort === -1 ? "" : ` code ${r.toPort}`}`;
  return r.fromPort === r.toPort ? `${r.protocol} ${r.fromPort}` : `${r.protocol} ${r.fromPort}–${r.toPort}`;
}

export const RULE_TEMPLATES: { label: string; protocol: Protocol; fromPort: number; toPort: number }[] = [
  { label: "SSH", protocol: "tcp", fromPort: 22, toPort: 22 },
  { label: "HTTP", protocol: "tcp", fromPort: 80, toPort: 80 },
  { label: "HTTPS", protocol: "tcp", fromPort: 443, toPort: 443 },
  { label: "RDP", protocol: "tcp", fromPort: 3389, toPort: 3389 },
  { label: "MySQL", protocol: "tcp", fromPort: 3306, toPort: 3306 },
  { label: "PostgreSQL", protocol: "tcp", fromPort: 5432, toPort: 5432 },
  { label: "Ping", protocol: "icmp", fromPort: 8, toPort: -1 },
];

// ---------- reachability ----------

export interface GroupRule extends Rule {
  id: string;
  groupId: string;
  groupName: string;
}

export type Source =
  | { kind: "internet" }
  | { kind: "ip"; ip: string }
  | { kind: "instance"; id: string; state: string; privateIp: string | null; publicIp: string | null; groupIds: string[] };

export interface Target {
  id: string;
  state: string;
  privateIp: string | null;
  publicIp: string | null;
}

export interface Query {
  protocol: "tcp" | "udp" | "icmp";
  /** tcp/udp port, or ICMP type */
  port: number;
  /** ICMP code (default: any) */
  code?: number;
}

export type Answer =
  | { reachable: true; rule: GroupRule; line: string; via: "public" | "private"; summary: string }
  | { reachable: false; reason: "not-running" | "source-not-running" | "no-public-address" | "protocol" | "port" | "source" | "egress"; summary: string };

function portMatches(r: Rule, q: Query): boolean {
  if (r.protocol === "all") return true;
  if (r.protocol === "icmp") return (r.fromPort === -1 || r.fromPort === q.port) && (r.toPort === -1 || q.code === undefined || r.toPort === q.code);
  return r.fromPort <= q.port && q.port <= r.toPort;
}

const sourceName = (s: Source) => (s.kind === "internet" ? "the Internet" : s.kind === "ip" ? s.ip : s.id);
const list = (xs: string[]) => (xs.length <= 1 ? xs.join("") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`);

/** Can SOURCE reach TARGET on PROTOCOL/PORT through these (the target's effective) rules? */
export function explainReachability(target: Target, source: Source, q: Query, rules: GroupRule[], groupName: (id: string) => string = (id) => id): Answer {
  const what = q.protocol === "icmp" ? `icmp type ${q.port}` : `${q.protocol} port ${q.port}`;
  if (target.state !== "running")
    return { reachable: false, reason: "not-running", summary: `No: ${target.id} is ${target.state}. Only a running instance accepts traffic.` };
  if (source.kind === "instance" && source.state !== "running")
    return { reachable: false, reason: "source-not-running", summary: `No: the source ${source.id} is ${source.state}, so it sends nothing.` };

  // The path: other instances and private addresses use the private network;
  // everything else comes through NAT to the public address.
  const via: "public" | "private" = source.kind === "instance" || (source.kind === "ip" && isPrivateIpv4(source.ip)) ? "private" : "public";
  if (via === "public" && !target.publicIp)
    return { reachable: false, reason: "no-public-address", summary: `No: ${target.id} has no public address, so nothing from ${sourceName(source)} can reach it.` };

  const byProtocol = rules.filter((r) => r.protocol === "all" || r.protocol === q.protocol);
  if (byProtocol.length === 0) {
    const open = [...new Set(rules.map((r) => r.protocol))];
    return { reachable: false, reason: "protocol", summary: `No: no rule allows ${q.protocol} at all${open.length ? `; the instance's groups allow only ${list(open)}` : "; its groups have no rules"}.` };
  }
  const byPort = byProtocol.filter((r) => portMatches(r, q));
  if (byPort.length === 0) {
    // In port order, however the rules were added: "tcp 22, tcp 80 and tcp 443".
    const sorted = [...byProtocol].sort((a, b) => a.protocol.localeCompare(b.protocol) || a.fromPort - b.fromPort || a.toPort - b.toPort);
    const open = [...new Set(sorted.map(describePorts))];
    return { reachable: false, reason: "port", summary: `No: no rule opens ${what}. The instance's groups open ${list(open)}.` };
  }
  const addr = source.kind === "ip" ? source.ip : source.kind === "instance" ? source.privateIp : null;
  const match = byPort.find((r) => {
    if (r.sourceGroupId) return source.kind === "instance" && source.groupIds.includes(r.sourceGroupId);
    if (source.kind === "internet") return isEverywhere(r.cidr!);
    return addr !== null && cidrContains(r.cidr!, addr);
  });
  if (match) {
    const from = match.cidr ? `from ${match.cidr}` : `from members of group ${groupName(match.sourceGroupId!)}`;
    return {
      reachable: true,
      rule: match,
      line: authorizeLine(match, groupName),
      via,
      summary: `Yes: group ${match.groupName} allows ${describePorts(match)} ${from}${via === "public" ? `, through the public address ${target.publicIp}` : ", over the private network"}.`,
    };
  }
  const allowed = byPort.map((r) => (r.cidr ? r.cidr : `group ${groupName(r.sourceGroupId!)}`));
  const who = source.kind === "internet" ? "the Internet at large" : `${sourceName(source)}${addr && source.kind === "instance" ? ` (${addr})` : ""}`;
  return { reachable: false, reason: "source", summary: `No: ${what} is open only to ${list([...new Set(allowed)])}, and ${who} is outside ${allowed.length === 1 ? "it" : "them"}.` };
}
