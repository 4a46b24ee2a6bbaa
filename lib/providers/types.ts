// The compute provider interface. The control plane records intent; the
// reconciler hands each instance to its image's provider, which acts and
// reports what it observed, with the time it happened.
import type { InstanceState } from "../instance-state";

export interface ProviderInstance {
  id: string;
  teamId: string;
  state: InstanceState;
  desiredState: string;
  /** reboot | fail (user or admin), outage (a simulated zone outage), retire | system-reboot (a due scheduled event) */
  pendingAction: string | null;
  /** The scheduled event behind pendingAction, when there is one. */
  dueEventId?: string;
  stateChangedAt: Date;
  launchedAt: Date;
  bootCount: number;
  instanceType: string;
  privateIp: string | null;
  publicIp: string | null;
  image: { id: string; bootSeconds: number; distro: string; kernel: string; name: string };
}

export interface ObservedTransition {
  to: InstanceState;
  at: Date;
  reasonCode?: string;
  reasonMsg?: string;
  storageLost?: boolean;
}

export interface Observation {
  transitions: ObservedTransition[];
  /** A reboot that kept the state (running → running) happened at this time. */
  rebootedAt?: Date;
  rebootReason?: { code: string; message: string };
  /** Scheduled events the provider carried out. */
  completedEvents?: string[];
  /** When the provider wants to be asked again; null when the instance is settled. */
  nextCheckAt: Date | null;
}

export type Availability = { ok: true } | { ok: false; reason: string; fix: string };

/** A rule as a provider enforces it: group sources resolved to member addresses. */
export interface EnforcedRule {
  protocol: "tcp" | "udp" | "icmp" | "all";
  fromPort: number;
  toPort: number;
  /** CIDRs allowed: the rule's own, or /32s of the source group's members. */
  cidrs: string[];
  ruleId: string;
}

/** Providers whose console is derived from the state history (the sim) rather than read from a machine. */
export interface DerivedConsole {
  consoleLines(subject: import("./sim-console").ConsoleSubject, history: import("./sim-console").HistoryEntry[], from: Date, to: Date): { at: Date; text: string }[];
  nextConsoleLine(subject: import("./sim-console").ConsoleSubject, history: import("./sim-console").HistoryEntry[], after: Date): Date | null;
}

/** A stretch of running time to meter: within one hour. */
export interface MeterSlice {
  instanceId: string;
  seq: number;
  teamId: string;
  profile: string;
  start: number;
  seconds: number;
}

export interface ComputeProvider {
  readonly name: string;
  /** True for providers that drive real machines (time warp is refused with them). */
  readonly real: boolean;
  availability(): Availability;
  reconcile(instance: ProviderInstance, now: Date): Promise<Observation>;
  /** Enforce these inbound rules on a running instance, replacing what it enforced before. */
  applyFirewall(instanceId: string, rules: EnforcedRule[], at: Date): Promise<void>;
  /** The instance is gone: forget what was enforced for it. */
  forget(instanceId: string): Promise<void>;
  derivedConsole?: DerivedConsole;
  /** The host ports mapped to the instance's ports (real VMs). */
  ports?(instanceId: string): { protocol: "tcp" | "udp"; guestPort: number; hostAddress: string; hostPort: number; cidrs: string[] }[];
  /** Bytes in, out to the Internet, and between instances, for each slice. */
  meter?(slices: MeterSlice[]): Promise<{ bytesIn: bigint; bytesOut: bigint; bytesInternal: bigint }[]>;
}
