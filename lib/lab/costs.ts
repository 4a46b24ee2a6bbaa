// What each strategy costs, from the team's price book, in micro-dollars:
// its instances and Elastic IPs for 30 days (a small instance for 30 days is
// $72.00), and what one failover adds — the replacement's first billed time
// and the Elastic IP's idle time while no member holds it.
import type { Strategy } from "./strategies";

export interface LabPrices {
  instanceHourMicros: bigint;
  eipIdleHourMicros: bigint;
  billingMode: "hourly" | "per-second";
}

export interface StrategyCost {
  instances: number;
  elasticIps: number;
  monthMicros: bigint;
  failoverMicros: bigint;
}

const HOURS_30_DAYS = 720n;

export function labCosts(s: Pick<Strategy, "instances" | "elasticIps">, gapSeconds: number, p: LabPrices): StrategyCost {
  const hourly = p.billingMode === "hourly";
  // An Elastic IP held by a running member is free; it costs only while idle.
  const monthMicros = BigInt(s.instances) * p.instanceHourMicros * HOURS_30_DAYS;
  // The dead instance's paid time is lost: the replacement starts a new hour (hourly) or its 60-second minimum (per second).
  const replacement = hourly ? p.instanceHourMicros : (p.instanceHourMicros * 60n) / 3600n;
  const gap = BigInt(Math.max(0, Math.round(gapSeconds)));
  const idle = hourly ? ((gap + 3599n) / 3600n) * p.eipIdleHourMicros : (gap * p.eipIdleHourMicros) / 3600n;
  return { instances: s.instances, elasticIps: s.elasticIps, monthMicros, failoverMicros: replacement + BigInt(s.elasticIps) * idle };
}
