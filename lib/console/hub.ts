// Console fan-out: one source per instance (whoever writes its console
// publishes here once), any number of viewers. No viewer ever polls.
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

const g = globalThis as unknown as { __stratusConsoleHub?: EventEmitter };
const hub: EventEmitter = (g.__stratusConsoleHub ??= (() => {
  const e = new EventEmitter();
  e.setMaxListeners(0);
  return e;
})());

export function publishConsole(chunk: ConsoleChunk): void {
  hub.emit(chunk.instanceId, chunk);
  hub.emit("*", chunk);
}

export function subscribeConsole(instanceId: string, fn: (chunk: ConsoleChunk) => void): () => void {
  hub.on(instanceId, fn);
  return () => hub.off(instanceId, fn);
}

export function viewerCount(instanceId: string): number {
  return hub.listenerCount(instanceId);
}
