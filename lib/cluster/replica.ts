// Who this process is among the replicas sharing one database: a random id per
// process (a restarted replica is a new one), with its host and pid for people.
import os from "node:os";
import crypto from "node:crypto";

const g = globalThis as unknown as { __stratusReplicaId?: string };

/** This process's replica id (one per process, shared across Next bundles). */
export function replicaId(): string {
  return (g.__stratusReplicaId ??= crypto.randomUUID());
}

/** How the lease row names its holder. */
export function holderLabel(id = replicaId()): string {
  return `${id} ${os.hostname()} pid ${process.pid}`;
}
