// Simulated data transfer: deterministic bytes per instance and time slice
// from a traffic profile (idle, web server, batch), shaped by the hour of
// day, and respecting the security groups the sim's firewall enforces: no
// unsolicited inbound traffic without an open port, no traffic from other
// instances without a rule that lets them in.
import { jitter } from "./jitter";
import type { EnforcedRule } from "./types";
import { isEverywhere, isPrivateIpv4 } from "../net/cidr";

export type Profile = "idle" | "web" | "batch";
export const PROFILES: Profile[] = ["idle", "web", "batch"];

export interface Usage {
  bytesIn: bigint;
  bytesOut: bigint;
  bytesInternal: bigint;
}

/** Bytes per second at full strength. */
const RATES: Record<Profile, { request: number; response: number; download: number; upload: number; internal: number }> = {
  idle: { request: 300, response: 600, download: 500, upload: 200, internal: 300 },
  web: { request: 40_000, response: 320_000, download: 2_000, upload: 4_000, internal: 60_000 },
  batch: { request: 500, response: 1_000, download: 400_000, upload: 60_000, internal: 300_000 },
};

const opens = (r: EnforcedRule, port: number) => r.protocol === "all" || ((r.protocol === "tcp" || r.protocol === "udp") && r.fromPort <= port && port <= r.toPort);

export interface FirewallFacts {
  /** some port is open to the Internet */
  internetOpen: boolean;
  /** 80 or 443 is open to the Internet */
  webOpen: boolean;
  /** other instances may connect */
  peersOpen: boolean;
}

// A group-sourced rule lists every member's address and every member has it (the
// same array, lib/reconciler/firewall.ts): what its networks admit is worked out
// once per list, not once per member and meter slice (quadratic in the group's size).
const admitted = new WeakMap<readonly string[], { internet: boolean; peers: boolean }>();
function admits(cidrs: readonly string[]): { internet: boolean; peers: boolean } {
  let a = admitted.get(cidrs);
  if (!a) {
    // A network admits the Internet when it is not private (0.0.0.0/0 included).
    a = { internet: cidrs.some((c) => isEverywhere(c) || !isPrivateIpv4(c.split("/")[0])), peers: cidrs.some((c) => isPrivateIpv4(c.split("/")[0])) };
    admitted.set(cidrs, a);
  }
  return a;
}

export function firewallFacts(rules: EnforcedRule[] | undefined): FirewallFacts {
  const list = rules ?? [];
  const internet = list.filter((r) => admits(r.cidrs).internet);
  return {
    internetOpen: internet.some((r) => r.protocol !== "icmp"),
    webOpen: internet.some((r) => opens(r, 80) || opens(r, 443)),
    peersOpen: list.some((r) => r.protocol !== "icmp" && admits(r.cidrs).peers),
  };
}

/** Traffic of one instance over [start, start + seconds), within one hour. */
export function simTraffic(instanceId: string, profile: Profile, facts: FirewallFacts, start: number, seconds: number): Usage {
  const rate = RATES[profile];
  const hourIndex = Math.floor(start / 3_600_000);
  const hourOfDay = new Date(start).getUTCHours();
  const size = 0.6 + 0.8 * jitter(instanceId, "traffic");
  const noise = 0.8 + 0.4 * jitter(instanceId, hourIndex);
  // Web traffic follows the day (peak mid-afternoon UTC); batch jobs run in night windows.
  const diurnal = profile === "web" ? 0.35 + 0.65 * ((1 + Math.sin((2 * Math.PI * (hourOfDay - 9)) / 24)) / 2) : 1;
  const batchOn = profile === "batch" ? ((hourOfDay + Math.floor(jitter(instanceId, "window") * 24)) % 24 < 6 ? 1 : 0.05) : 1;
  const k = seconds * size * noise * diurnal * batchOn;
  const served = profile === "web" ? (facts.webOpen ? 1 : 0) : facts.internetOpen ? 1 : 0;
  const bytesIn = k * (rate.request * served + rate.download);
  const bytesOut = k * (rate.response * served + rate.upload);
  const bytesInternal = facts.peersOpen ? k * rate.internal : 0;
  return { bytesIn: BigInt(Math.round(bytesIn)), bytesOut: BigInt(Math.round(bytesOut)), bytesInternal: BigInt(Math.round(bytesInternal)) };
}
