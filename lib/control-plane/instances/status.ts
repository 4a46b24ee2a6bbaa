// DescribeInstanceStatus's checks, derived from the state: a running
// instance's system and instance checks pass once it has been up a minute
// (they show "initializing" before), and don't apply to any other state.
import type { InstanceView } from "./view";

export const STATUS_CHECK_DELAY_MS = 60_000;

export type CheckStatus = "ok" | "initializing" | "not-applicable";

export function statusChecks(i: Pick<InstanceView, "state" | "stateChangedAt">, now: Date): { status: CheckStatus; reachability: "passed" | "initializing" | null } {
  if (i.state !== "running") return { status: "not-applicable", reachability: null };
  const up = now.getTime() - Date.parse(i.stateChangedAt);
  return up >= STATUS_CHECK_DELAY_MS ? { status: "ok", reachability: "passed" } : { status: "initializing", reachability: "initializing" };
}
