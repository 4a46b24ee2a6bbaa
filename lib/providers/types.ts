// The compute provider interface. The control plane records intent; the
// reconciler hands each instance to its image's provider, which acts and
// reports what it observed, with the time it happened.
import type { InstanceState } from "../instance-state";

export interface ProviderInstance {
  id: string;
  teamId: string;
  state: InstanceState;
  desiredState: string;
  pendingAction: string | null;
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
  /** A reboot that kept the state (running → running) finished at this time. */
  rebootedAt?: Date;
  /** When the provider wants to be asked again; null when the instance is settled. */
  nextCheckAt: Date | null;
}

export type Availability = { ok: true } | { ok: false; reason: string; fix: string };

export interface ComputeProvider {
  readonly name: string;
  /** True for providers that drive real machines (time warp is refused with them). */
  readonly real: boolean;
  availability(): Availability;
  reconcile(instance: ProviderInstance, now: Date): Promise<Observation>;
}
