// The instance state machine: states, EC2 codes, legal transitions and the
// actions each state allows, with the reason when it does not. Shared by the
// services, the reconciler and the UI (so a disabled button says why).

export const STATES = ["pending", "running", "shutting-down", "terminated", "stopping", "stopped"] as const;
export type InstanceState = (typeof STATES)[number];

export const STATE_CODE: Record<InstanceState, number> = {
  pending: 0,
  running: 16,
  "shutting-down": 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

export const TRANSITIONAL: ReadonlySet<InstanceState> = new Set(["pending", "shutting-down", "stopping"]);

const NEXT: Record<InstanceState, InstanceState[]> = {
  pending: ["running", "shutting-down", "terminated"],
  running: ["running", "stopping", "shutting-down", "terminated"],
  stopping: ["stopped", "shutting-down", "terminated"],
  stopped: ["pending", "shutting-down", "terminated"],
  "shutting-down": ["terminated"],
  terminated: [],
};

export function canTransition(from: InstanceState, to: InstanceState): boolean {
  return NEXT[from].includes(to);
}

export function isState(s: string): s is InstanceState {
  return (STATES as readonly string[]).includes(s);
}

export type Verdict = { ok: true } | { ok: false; reason: string; code: "IncorrectInstanceState" | "UnsupportedOperation" };

export interface StateSubject {
  state: string;
  rootDeviceType?: string;
}

const ok: Verdict = { ok: true };
const no = (reason: string, code: "IncorrectInstanceState" | "UnsupportedOperation" = "IncorrectInstanceState"): Verdict => ({ ok: false, reason, code });

export const can = {
  reboot(i: StateSubject): Verdict {
    return i.state === "running" ? ok : no(`Only running instances can be rebooted; this one is ${i.state}.`);
  },
  stop(i: StateSubject): Verdict {
    if (i.rootDeviceType !== undefined && i.rootDeviceType !== "ebs")
      return no("Instance-store instances can't be stopped, only terminated (stop/start needs an EBS-backed image).", "UnsupportedOperation");
    return i.state === "running" ? ok : no(`Only running instances can be stopped; this one is ${i.state}.`);
  },
  start(i: StateSubject): Verdict {
    if (i.rootDeviceType !== undefined && i.rootDeviceType !== "ebs")
      return no("Instance-store instances can't be started again once gone (stop/start needs an EBS-backed image).", "UnsupportedOperation");
    return i.state === "stopped" ? ok : no(`Only stopped instances can be started; this one is ${i.state}.`);
  },
  terminate(i: StateSubject): Verdict {
    if (i.state === "terminated") return no("This instance is already terminated.");
    if (i.state === "shutting-down") return no("This instance is already shutting down.");
    return ok;
  },
  simulateFailure(i: StateSubject): Verdict {
    return ["pending", "running", "stopping"].includes(i.state)
      ? ok
      : no(`Only a pending, running or stopping instance can fail; this one is ${i.state}.`);
  },
};

export type InstanceAction = keyof typeof can;

/** Tailwind classes for the state badge, one colour per state. */
export const STATE_TONE: Record<InstanceState, string> = {
  pending: "bg-amber-100 text-amber-900 ring-amber-300",
  running: "bg-emerald-100 text-emerald-900 ring-emerald-300",
  "shutting-down": "bg-orange-100 text-orange-900 ring-orange-300",
  terminated: "bg-zinc-100 text-zinc-600 ring-zinc-300",
  stopping: "bg-sky-100 text-sky-900 ring-sky-300",
  stopped: "bg-slate-200 text-slate-800 ring-slate-400",
};
