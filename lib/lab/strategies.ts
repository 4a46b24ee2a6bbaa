// The seed's three ways of keeping a name pointed at a site whose instance
// can die: what the authoritative server answers and which addresses serve
// the site, over time. F is when the instance dies; R when its replacement
// (launched by the instance group) runs. Addresses are labels: the dead
// instance's "A", its replacement's "B", the survivor "C", the Elastic IP "E".

export type StrategyId = "ttl60" | "twoRecords" | "elasticIp";

export interface Strategy {
  id: StrategyId;
  label: string;
  /** What the article says about it. */
  blurb: string;
  ttl: number;
  instances: number;
  elasticIps: number;
  /** Addresses the authoritative server gives at time t. */
  answerAt(t: number): string[];
  /** Addresses that serve the site at time t. */
  aliveAt(t: number): ReadonlySet<string>;
  /** Times where either changes. */
  breaks: number[];
}

const set = (...xs: string[]): ReadonlySet<string> => new Set(xs);

// The answers are constants, so the simulation can remember what each one means.
const NONE: string[] = [];
const A = ["A"];
const B = ["B"];
const AC = ["A", "C"];
const C = ["C"];
const BC = ["B", "C"];
const E = ["E"];

export function strategies(f: number, r: number, eipTtl: number): Strategy[] {
  return [
    {
      id: "ttl60",
      label: "One A record, TTL 60 s",
      blurb: "AideRSS: one instance, its address in a 60-second record; the record follows the group's in-service member.",
      ttl: 60,
      instances: 1,
      elasticIps: 0,
      answerAt: (t) => (t < f ? A : t < r ? NONE : B),
      aliveAt: (t) => (t < f ? set("A") : t < r ? set() : set("B")),
      breaks: [f, r],
    },
    {
      id: "twoRecords",
      label: "Two A records, TTL 7,200 s",
      blurb: "Mogulus: two instances, both addresses in a two-hour record; one dies and its replacement takes its place in the record.",
      ttl: 7200,
      instances: 2,
      elasticIps: 0,
      answerAt: (t) => (t < f ? AC : t < r ? C : BC),
      aliveAt: (t) => (t < f ? set("A", "C") : t < r ? set("C") : set("B", "C")),
      breaks: [f, r],
    },
    {
      id: "elasticIp",
      label: `Elastic IP moved by the group, TTL ${eipTtl.toLocaleString("en-US")} s`,
      blurb: "What the article wished Amazon sold: a static address the group moves to the replacement, so the record never changes.",
      ttl: eipTtl,
      instances: 1,
      elasticIps: 1,
      answerAt: () => E,
      aliveAt: (t) => (t < f || t >= r ? set("E") : set()),
      breaks: [f, r],
    },
  ];
}

/**
 * The share of requests that fail for a client whose resolver holds `cached`,
 * when `alive` serve the site: no address at all fails; otherwise the client
 * tries a random one (resolvers rotate the order), and when that one is dead,
 * a `retry` share of clients go on to another address in the answer.
 */
export function failingShare(cached: readonly string[], alive: ReadonlySet<string>, retry: number): number {
  if (cached.length === 0) return 1;
  const dead = cached.filter((a) => !alive.has(a)).length;
  if (dead === 0) return 0;
  const pDead = dead / cached.length;
  return dead < cached.length ? pDead * (1 - retry) : 1;
}
