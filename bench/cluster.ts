// Several built servers (replicas) on one database, each with a data directory
// of its own, as in production: what they share is DATABASE_URL and the server
// key (STRATUS_SECRET_KEY, inherited from this process).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startServer, type Server } from "./server";

export interface Replica {
  index: number;
  dir: string;
  server: Server;
  /** Set before this process stops or kills it: any other exit is reported. */
  ending: boolean;
}

const gone = (r: Replica) => r.server.proc.exitCode !== null || r.server.proc.signalCode !== null;

/** What a replica printed and logged (its start-up errors go to stdout, its warnings to the log file). */
function output(dir: string): string {
  return ["server.out", "stratus.log"]
    .map((f) => path.join(dir, f))
    .filter((f) => fs.existsSync(f))
    .map((f) => fs.readFileSync(f, "utf8").slice(-2000))
    .join("\n");
}

export async function startReplicas(count: number, basePort: number, env: Record<string, string>): Promise<Replica[]> {
  const started = await Promise.allSettled(Array.from({ length: count }, (_, index) => startReplica(index, basePort, env)));
  const up = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const failed = started.find((s) => s.status === "rejected");
  if (failed) {
    await stopAll(up);
    throw failed.reason;
  }
  return up;
}

export async function startReplica(index: number, basePort: number, env: Record<string, string>, dir?: string): Promise<Replica> {
  const d = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), `stratus-replica-${index}-`));
  if (!dir) process.once("exit", () => fs.rmSync(d, { recursive: true, force: true }));
  const server = await startServer(d, basePort + index, env, path.join(d, "server.out"));
  const r: Replica = { index, dir: d, server, ending: false };
  server.proc.once("exit", (code, signal) => {
    if (!r.ending) process.stderr.write(`bench: replica ${index} exited (${code ?? signal}):\n${output(d)}\n`);
  });
  // startServer gives up quietly after a minute, and a server whose start failed
  // answers 500 to everything: a replica that isn't healthy is no replica. (Three
  // starting at once on two cores may be slow to answer: a few tries.)
  let ok = false;
  for (let i = 0; i < 10 && !ok && !gone(r); i++) ok = (await health(server.url, 3000)) !== null;
  if (!ok) {
    await killHard(r);
    throw new Error(`replica ${index} did not come up on ${server.url}:\n${output(d)}`);
  }
  return r;
}

/** /api/health's answer, or null when the replica does not answer in time or is not healthy. */
export async function health(url: string, timeoutMs = 1000): Promise<{ status: string; leader?: boolean } | null> {
  try {
    const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(timeoutMs) });
    return res.ok ? ((await res.json()) as { status: string; leader?: boolean }) : null;
  } catch {
    return null;
  }
}

/** kill -9, resolved when the process has gone. */
export function killHard(r: Replica): Promise<void> {
  r.ending = true;
  return new Promise((resolve) => {
    if (gone(r)) return resolve();
    r.server.proc.once("exit", () => resolve());
    r.server.proc.kill("SIGKILL");
  });
}

export async function stopAll(replicas: Replica[]): Promise<void> {
  await Promise.all(
    replicas.map((r) => {
      r.ending = true;
      return gone(r) ? undefined : r.server.stop();
    }),
  );
}
