// The event bus, one per process (shared across Next bundles). Instances
// changed → the reconciler wakes, live views refresh, caches empty. With
// several replicas on PostgreSQL, lib/cluster/fanout.ts relays what this
// process publishes to the others (NOTIFY) and delivers theirs here (LISTEN);
// on SQLite the bus stays in-process.
import { EventEmitter } from "node:events";

/** The events and their payloads. */
export interface BusEvents {
  /** Instances whose row changed (launch, state, tags, addresses). */
  instances: string[];
  /** Security groups whose rules changed. */
  groups: string[];
  /** Access keys or members changed: cached credentials are stale. */
  "access-keys": null;
  /** Instance groups created, resized or deleted. */
  "instance-groups": null;
  /** Instances whose stored console output grew (lib/console/store.ts). */
  console: string[];
  /** The simulated clock's speed changed (Time warp). */
  clock: { simMs: number; speed: number };
  /** Events may have been missed (another replica's, while the link was down): look again at everything. Never relayed. */
  refresh: null;
}
export type BusEventName = keyof BusEvents;

/** The events replicas send each other. */
export const RELAYED_EVENTS = ["instances", "groups", "access-keys", "instance-groups", "console", "clock"] as const satisfies readonly BusEventName[];
export type RelayedEventName = (typeof RELAYED_EVENTS)[number];
export const isRelayed = (name: string): name is RelayedEventName => (RELAYED_EVENTS as readonly string[]).includes(name);

/** `from` is the replica that published the event, or null when it was this process. */
export type Listener<K extends BusEventName> = (payload: BusEvents[K], from: string | null) => void;
export type Relay = <K extends RelayedEventName>(name: K, payload: BusEvents[K]) => void;

export class Bus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private readonly relays = new Set<Relay>();

  /** An event of this process: delivered here, and to the other replicas when a relay is attached. */
  publish<K extends BusEventName>(name: K, payload: BusEvents[K]): void {
    this.emitter.emit(name, payload, null);
    if (isRelayed(name)) for (const r of this.relays) r(name, payload as BusEvents[typeof name]);
  }

  /** An event another replica published: delivered here only. */
  deliver<K extends BusEventName>(name: K, payload: BusEvents[K], from: string): void {
    this.emitter.emit(name, payload, from);
  }

  on<K extends BusEventName>(name: K, fn: Listener<K>): () => void {
    this.emitter.on(name, fn);
    return () => void this.emitter.off(name, fn);
  }

  /** Sends every published event on (the fan-out); returns the detach function. */
  relay(fn: Relay): () => void {
    this.relays.add(fn);
    return () => void this.relays.delete(fn);
  }

  listenerCount(name: BusEventName): number {
    return this.emitter.listenerCount(name);
  }
}

/** A fresh bus (tests build two "replicas" in one process). */
export function createBus(): Bus {
  return new Bus();
}

const g = globalThis as unknown as { __stratusEventBus?: Bus };
export const bus: Bus = (g.__stratusEventBus ??= createBus());

export function notifyInstances(ids: string[]): void {
  bus.publish("instances", ids);
}

export function onInstances(fn: (ids: string[]) => void): () => void {
  return bus.on("instances", (ids) => fn(ids));
}

/** Security group rules changed: providers must enforce the new rules now. */
export function notifyGroups(groupIds: string[]): void {
  bus.publish("groups", groupIds);
}

export function onGroups(fn: (groupIds: string[]) => void): () => void {
  return bus.on("groups", (ids) => fn(ids));
}

/** Access keys or team members changed: every replica's credential cache empties. */
export function notifyAccessKeys(): void {
  bus.publish("access-keys", null);
}

export function onAccessKeys(fn: () => void): () => void {
  return bus.on("access-keys", () => fn());
}

/** These instances' stored console output grew (other replicas' viewers read it). */
export function notifyConsole(instanceIds: string[]): void {
  bus.publish("console", instanceIds);
}

/** The clock's speed changed here: the other replicas follow. */
export function notifyClock(c: BusEvents["clock"]): void {
  bus.publish("clock", c);
}

/** Everything may have changed unseen (a replica's link to the others was down). */
export function onRefresh(fn: () => void): () => void {
  return bus.on("refresh", () => fn());
}
