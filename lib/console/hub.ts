// Console fan-out: one source per instance (whoever writes its console
// publishes here once), any number of viewers. No viewer ever polls. With
// several replicas, output another replica stored is published here by
// lib/console/follow.ts.
import { EventEmitter } from "node:events";

export interface ConsoleChunk {
  instanceId: string;
  /** seq of lines[0] */
  fromSeq: number;
  lines: string[];
  /** lines dropped from the front of the 64 KB store by this append */
  dropped: number;
  /** the instance is gone and its console will say nothing more */
  end?: boolean;
  /** wall-clock ms when the writer began storing these lines (for delay measurements) */
  writtenAt?: number;
}

const g = globalThis as unknown as { __stratusConsoleHub?: EventEmitter; __stratusConsoleSeen?: Map<string, number> };
const hub: EventEmitter = (g.__stratusConsoleHub ??= (() => {
  const e = new EventEmitter();
  e.setMaxListeners(0);
  return e;
})());
// The last line published here per watched instance: what another replica
// stored after it is what this replica's viewers still need (lib/console/follow.ts).
const seen: Map<string, number> = (g.__stratusConsoleSeen ??= new Map());

export function publishConsole(chunk: ConsoleChunk): void {
  if (hub.listenerCount(chunk.instanceId) > 0 && chunk.lines.length) {
    const last = chunk.fromSeq + chunk.lines.length - 1;
    seen.set(chunk.instanceId, Math.max(seen.get(chunk.instanceId) ?? 0, last));
  }
  hub.emit(chunk.instanceId, chunk);
  hub.emit("*", chunk);
}

export function subscribeConsole(instanceId: string, fn: (chunk: ConsoleChunk) => void): () => void {
  hub.on(instanceId, fn);
  return () => {
    hub.off(instanceId, fn);
    if (hub.listenerCount(instanceId) === 0) seen.delete(instanceId);
  };
}

export function viewerCount(instanceId: string): number {
  return hub.listenerCount(instanceId);
}

/** Instances someone watches on this replica. */
export function watchedConsoles(): string[] {
  return hub.eventNames().filter((n): n is string => typeof n === "string" && n !== "*" && hub.listenerCount(n) > 0);
}

/** The last line published here for a watched instance (undefined: none yet). */
export function lastPublishedSeq(instanceId: string): number | undefined {
  return seen.get(instanceId);
}
