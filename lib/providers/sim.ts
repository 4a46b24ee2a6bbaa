// The simulated cloud. Deterministic: what an instance does is a function of
// its recorded state, its id and the clock, so it survives restarts and runs at
// any STRATUS_SIM_SPEED.
import type { ComputeProvider, DerivedConsole, EnforcedRule, MeterSlice, Observation, ProviderInstance } from "./types";
import { simTraffic, firewallFacts, PROFILES, type Profile } from "./sim-traffic";
import { linesBetween, nextLineAfter } from "./sim-console";

import { SIM_TIMING } from "./sim-timing";
export { jitter } from "./jitter";
export { SIM_TIMING };

const at = (base: Date, seconds: number) => new Date(base.getTime() + Math.round(seconds * 1000));

export class SimProvider implements ComputeProvider {
  readonly name = "sim";
  readonly real = false;
  readonly derivedConsole: DerivedConsole = { consoleLines: linesBetween, nextConsoleLine: nextLineAfter };
  /** The rules the simulated NAT firewall enforces per instance (its traffic respects them). */
  readonly firewall = new Map<string, { rules: EnforcedRule[]; at: Date }>();

  availability() {
    return { ok: true } as const;
  }

  async applyFirewall(instanceId: string, rules: EnforcedRule[], at: Date): Promise<void> {
    this.firewall.set(instanceId, { rules, at });
  }

  async forget(instanceId: string): Promise<void> {
    this.firewall.delete(instanceId);
  }

  async meter(slices: MeterSlice[]) {
    return slices.map((s) => {
      const profile = (PROFILES as string[]).includes(s.profile) ? (s.profile as Profile) : "idle";
      return simTraffic(s.instanceId, profile, firewallFacts(this.firewall.get(s.instanceId)?.rules), s.start, s.seconds);
    });
  }

  async reconcile(i: ProviderInstance, now: Date): Promise<Observation> {
    if (i.pendingAction === "fail") {
      return {
        transitions: [{ to: "terminated", at: now, reasonCode: "Server.InternalError", reasonMsg: "Internal error: the host's hardware failed; the instance and its instance storage are gone", storageLost: true }],
        nextCheckAt: null,
      };
    }
    if (i.pendingAction === "outage") {
      return {
        transitions: [{ to: "terminated", at: now, reasonCode: "Server.InternalError", reasonMsg: "Internal error: the instance's availability zone went down (data-centre outage); the instance and its instance storage are gone", storageLost: true }],
        nextCheckAt: null,
      };
    }
    if (i.pendingAction === "reboot" && i.state === "running") return { transitions: [], rebootedAt: now, nextCheckAt: null };
    const events = i.dueEventId ? [i.dueEventId] : [];
    if (i.pendingAction === "retire") {
      return {
        transitions: [{ to: "terminated", at: now, reasonCode: "Server.ScheduledStop", reasonMsg: "Scheduled instance-retirement: the host was retired; the instance and its instance storage are gone", storageLost: true }],
        completedEvents: events,
        nextCheckAt: null,
      };
    }
    if (i.pendingAction === "system-reboot" && i.state === "running")
      return { transitions: [], rebootedAt: now, rebootReason: { code: "Server.ScheduledReboot", message: "Scheduled system-reboot by the provider" }, completedEvents: events, nextCheckAt: null };

    const step = (to: ProviderInstance["state"], seconds: number, reasonCode = "", reasonMsg = ""): Observation => {
      const done = at(i.stateChangedAt, seconds);
      return done <= now ? { transitions: [{ to, at: done, reasonCode, reasonMsg }], nextCheckAt: null } : { transitions: [], nextCheckAt: done };
    };
    switch (i.state) {
      case "pending":
        return step("running", SIM_TIMING.bootSeconds(i));
      case "stopping":
        return step("stopped", SIM_TIMING.stopSeconds(i), "Client.UserInitiatedShutdown", "User initiated shutdown");
      case "shutting-down":
        return step("terminated", SIM_TIMING.shutdownSeconds(i), "Client.UserInitiatedShutdown", "User initiated shutdown");
      default:
        return { transitions: [], nextCheckAt: null };
    }
  }
}
