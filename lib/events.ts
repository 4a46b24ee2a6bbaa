// The in-process event bus (one per process, shared across Next bundles).
// Instances changed → the reconciler wakes, live views refresh. With several
// replicas this becomes PostgreSQL LISTEN/NOTIFY behind the same functions.
import { EventEmitter } from "node:events";

const g = globalThis as unknown as { __stratusBus?: EventEmitter };
export const bus: EventEmitter = (g.__stratusBus ??= (() => {
  const e = new EventEmitter();
  e.setMaxListeners(0);
  return e;
})());

export function notifyInstances(ids: string[]): void {
  bus.emit("instances", ids);
}

export function onInstances(fn: (ids: string[]) => void): () => void {
  bus.on("instances", fn);
  return () => bus.off("instances", fn);
}

/** Security group rules changed: providers must enforce the new rules now. */
export function notifyGroups(groupIds: string[]): void {
  bus.emit("groups", groupIds);
}

export function onGroups(fn: (groupIds: string[]) => void): () => void {
  bus.on("groups", fn);
  return () => bus.off("groups", fn);
}
