// The failover lab's simulation: pure and deterministic (a seeded
// xoroshiro128+). A population of resolvers, each serving some clients
// (a few big ISPs, many small ones), caches the site's record for its TTL
// (an empty answer for the SOA's negative TTL, RFC 2308) and asks the
// authoritative server again at the first client request after it expires.
// The clients' failing share is computed exactly for each stretch a resolver
// holds one answer, so the curves are smooth; DNS queries are counted.
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { failingShare, strategies, type Strategy, type StrategyId } from "./strategies";
import { NEGATIVE_TTL } from "../dns/constants";
import { labCosts, type LabPrices, type StrategyCost } from "./costs";

export interface LabParams {
  seed: number;
  resolvers: number;
  clients: number;
  /** Requests each client makes per hour. */
  requestsPerHour: number;
  /** Simulated seconds shown. */
  duration: number;
  /** When the instance dies. */
  failAt: number;
  /** From death to the group launching the replacement. */
  detectSeconds: number;
  /** The image's boot time. */
  bootSeconds: number;
  /** Share of clients that try another address when the first is dead (0–1). */
  retryShare: number;
  /** The record's TTL when an Elastic IP carries the site. */
  eipTtl: number;
  /** Width of a point on the charts. */
  bucketSeconds: number;
}

export const LAB_DEFAULTS: LabParams = {
  seed: 2008,
  resolvers: 500,
  clients: 20_000,
  requestsPerHour: 60,
  duration: 3 * 3600,
  failAt: 600,
  detectSeconds: 1,
  bootSeconds: 30,
  retryShare: 0.5,
  eipTtl: 86_400,
  bucketSeconds: 30,
};

/** The bounds each parameter is held to (so a hostile URL can't make the page spin). */
export const LAB_LIMITS: Record<keyof LabParams, [number, number]> = {
  seed: [0, 2 ** 31 - 1],
  resolvers: [1, 5000],
  clients: [1, 1_000_000],
  requestsPerHour: [1, 3600],
  duration: [600, 24 * 3600],
  failAt: [0, 23 * 3600],
  detectSeconds: [0, 3600],
  bootSeconds: [1, 3600],
  retryShare: [0, 1],
  eipTtl: [60, 604_800],
  bucketSeconds: [10, 600],
};

export function clampParams(p: Partial<Record<keyof LabParams, unknown>>): LabParams {
  const out = { ...LAB_DEFAULTS };
  for (const k of Object.keys(LAB_DEFAULTS) as (keyof LabParams)[]) {
    const v = Number(p[k]);
    if (p[k] === undefined || p[k] === "" || !Number.isFinite(v)) continue;
    const [lo, hi] = LAB_LIMITS[k];
    out[k] = Math.min(hi, Math.max(lo, k === "retryShare" ? v : Math.round(v)));
  }
  out.failAt = Math.min(out.failAt, out.duration - 60);
  return out;
}

export interface Point {
  /** Seconds from the start. */
  t: number;
  /** Share of requests that failed in this stretch (0–1). */
  failing: number;
  /** DNS queries the resolvers sent in this stretch. */
  queries: number;
  /** DNS queries sent from the start to the end of this stretch. */
  cumulativeQueries: number;
}

export interface StrategyResult {
  id: StrategyId;
  label: string;
  blurb: string;
  ttl: number;
  points: Point[];
  summary: {
    peakFailing: number;
    /** Seconds from the death until fewer than 0.1% of requests fail; null when that never happens in the run. */
    recoverySeconds: number | null;
    failedRequests: number;
    totalRequests: number;
    /** DNS queries per hour before the failure (the steady load). */
    queriesPerHour: number;
    queriesTotal: number;
  };
  cost: StrategyCost;
}

export interface LabResult {
  params: LabParams;
  /** When the replacement runs. */
  replacedAt: number;
  strategies: StrategyResult[];
}

/** Clients per resolver: a Zipf-like spread (s = 0.8), every resolver with at least one. */
export function resolverClients(resolvers: number, clients: number): number[] {
  const w = Array.from({ length: resolvers }, (_, i) => 1 / Math.pow(i + 1, 0.8));
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((x) => Math.max(1, Math.round((x / sum) * clients)));
}

const SUCCESS_FLOOR = 0.001;

function run(s: Strategy, p: LabParams, perResolver: number[]): Omit<StrategyResult, "cost"> {
  const B = p.bucketSeconds;
  const n = Math.ceil(p.duration / B);
  const failed = new Float64Array(n);
  const requests = new Float64Array(n);
  const queries = new Float64Array(n);
  const ttlOf = (answer: string[]) => (answer.length ? s.ttl : Math.min(NEGATIVE_TTL, s.ttl));
  const cuts = [...s.breaks].sort((a, b) => a - b);

  // Between two breaks nothing changes: the live addresses of each phase, and
  // the failing share of each cached answer in each phase, are worked out once.
  const starts = [0, ...cuts];
  const alive = starts.map((t) => s.aliveAt(t));
  const shares = new Map<string[], number[]>();
  const share = (cached: string[], phase: number) => {
    let v = shares.get(cached);
    if (v === undefined) shares.set(cached, (v = alive.map((live) => failingShare(cached, live, p.retryShare))));
    return v[phase];
  };

  /** Adds the expected requests and failures of [a, b) with `cached` at `rate` requests/s. */
  const hold = (a: number, b: number, cached: string[], rate: number) => {
    for (let k = Math.floor(a / B); k < n && k * B < b; k++) {
      let x = Math.max(a, k * B);
      const end = Math.min(b, (k + 1) * B);
      while (x < end) {
        let phase = 0;
        while (phase < cuts.length && cuts[phase] <= x) phase++;
        const next = phase < cuts.length ? Math.min(end, cuts[phase]) : end;
        const len = next - x;
        requests[k] += rate * len;
        failed[k] += rate * len * share(cached, phase);
        x = next;
      }
    }
  };

  const rng = xoroshiro128plus(p.seed);
  perResolver.forEach((clients) => {
    const rate = (clients * p.requestsPerHour) / 3600;
    // Steady state at the start: the answer was fetched some time within its TTL.
    let cached = s.answerAt(0);
    let at = -uniformFloat64(rng) * ttlOf(cached);
    for (;;) {
      const expires = at + ttlOf(cached);
      // The first client request after it expires makes the resolver ask again.
      const asks = expires - Math.log(1 - uniformFloat64(rng)) / rate;
      if (asks > 0) hold(Math.max(0, at), Math.min(asks, p.duration), cached, rate);
      if (asks >= p.duration) break;
      if (asks >= 0) queries[Math.floor(asks / B)] += 1;
      cached = s.answerAt(asks);
      at = asks;
    }
  });

  let cumulative = 0;
  const points: Point[] = Array.from({ length: n }, (_, k) => {
    cumulative += queries[k];
    return { t: k * B, failing: requests[k] ? failed[k] / requests[k] : 0, queries: queries[k], cumulativeQueries: cumulative };
  });
  const after = points.filter((x) => x.t + B > p.failAt);
  const lastBad = [...after].reverse().find((x) => x.failing >= SUCCESS_FLOOR);
  const recoverySeconds = !after.some((x) => x.failing >= SUCCESS_FLOOR) ? 0 : lastBad && lastBad.t + B < p.duration ? lastBad.t + B - p.failAt : null;
  const before = points.filter((x) => x.t + B <= p.failAt);
  const queriesBefore = before.reduce((a, x) => a + x.queries, 0);
  return {
    id: s.id,
    label: s.label,
    blurb: s.blurb,
    ttl: s.ttl,
    points,
    summary: {
      peakFailing: Math.max(...points.map((x) => x.failing)),
      recoverySeconds,
      failedRequests: Math.round(failed.reduce((a, b) => a + b, 0)),
      totalRequests: Math.round(requests.reduce((a, b) => a + b, 0)),
      queriesPerHour: before.length ? Math.round((queriesBefore / (before.length * B)) * 3600) : 0,
      queriesTotal: cumulative,
    },
  };
}

export function simulateLab(params: LabParams, prices: LabPrices): LabResult {
  const replacedAt = params.failAt + params.detectSeconds + params.bootSeconds;
  const perResolver = resolverClients(params.resolvers, params.clients);
  const list = strategies(params.failAt, replacedAt, params.eipTtl);
  return {
    params,
    replacedAt,
    strategies: list.map((s) => ({ ...run(s, params, perResolver), cost: labCosts(s, replacedAt - params.failAt, prices) })),
  };
}
