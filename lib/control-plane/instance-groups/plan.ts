// The instance group's decisions as pure functions: where new members go,
// which members leave when the group shrinks, which slots are free, and the
// words that say why (EC2 Auto Scaling's activity causes).

export interface PlanMember {
  instanceId: string;
  slot: number;
  zone: string;
  launchedAt: Date;
  /** Holds the group's Elastic IP: leaves last. */
  holdsEip?: boolean;
}

/** Zones for `count` new members: each to the up zone with the fewest members, ties in the group's order. */
export function zonesForLaunches(zones: string[], down: ReadonlySet<string>, memberZones: string[], count: number): string[] {
  const up = zones.filter((z) => !down.has(z));
  if (up.length === 0) return [];
  const load = new Map(up.map((z) => [z, 0]));
  for (const z of memberZones) if (load.has(z)) load.set(z, load.get(z)! + 1);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let best = up[0];
    for (const z of up) if (load.get(z)! < load.get(best)!) best = z;
    load.set(best, load.get(best)! + 1);
    out.push(best);
  }
  return out;
}

/** Seconds until the instance's next started hour (the 2008 rule bills every started hour in full). */
export function secondsToNextHour(launchedAt: Date, now: Date): number {
  const used = Math.max(0, now.getTime() - launchedAt.getTime()) / 1000;
  return 3600 - (used % 3600);
}

/**
 * Members to terminate when the group shrinks by `count`: from the zone with
 * the most members (keeping zones balanced), then not the Elastic IP's holder,
 * then the one closest to its next billing hour (its paid hour is nearly used
 * up), then the oldest.
 */
export function pickForTermination(members: PlanMember[], count: number, now: Date): string[] {
  const left = [...members];
  const out: string[] = [];
  while (out.length < count && left.length) {
    const byZone = new Map<string, number>();
    for (const m of left) byZone.set(m.zone, (byZone.get(m.zone) ?? 0) + 1);
    const most = Math.max(...byZone.values());
    const candidates = left.filter((m) => byZone.get(m.zone) === most);
    candidates.sort(
      (a, b) =>
        Number(Boolean(a.holdsEip)) - Number(Boolean(b.holdsEip)) ||
        secondsToNextHour(a.launchedAt, now) - secondsToNextHour(b.launchedAt, now) ||
        a.launchedAt.getTime() - b.launchedAt.getTime() ||
        a.slot - b.slot,
    );
    const pick = candidates[0];
    out.push(pick.instanceId);
    left.splice(left.indexOf(pick), 1);
  }
  return out;
}

/** The lowest `count` slot numbers not in use. */
export function freeSlots(used: number[], count: number): number[] {
  const taken = new Set(used);
  const out: number[] = [];
  for (let s = 0; out.length < count; s++) if (!taken.has(s)) out.push(s);
  return out;
}

/** Why a member is out of service, from its instance's state and reason, in EC2 Auto Scaling's words. */
export function outOfServiceCause(m: { state: string | null; reasonCode: string; reasonMsg: string; health: string; healthReason: string }): string {
  if (m.state === null) return "its instance no longer exists";
  if (m.health === "Unhealthy" && (m.state === "running" || m.state === "pending")) return `a health check failure: ${m.healthReason}`;
  const detail = m.reasonMsg ? ` (${m.reasonCode ? `${m.reasonCode}: ` : ""}${m.reasonMsg})` : "";
  if (m.reasonCode === "Server.ScheduledStop") return `a scheduled retirement event: the instance was retired${detail}`;
  if (m.state === "stopped" || m.state === "stopping") return `an EC2 health check indicating it has been stopped${detail}`;
  return `an EC2 health check indicating it has been terminated${detail}`;
}

/** "at 2026-03-02T00:00:05Z": AWS writes activity causes with ISO times to the second. */
export const at = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
