// Starting the built console against a benchmark database, with a session.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createSession } from "../lib/auth/sessions";
import { hashPassword } from "../lib/auth/password";
import { newUuid } from "../lib/ids";
import type { BenchWorld } from "./world";
import { serverNodeFlags } from "../scripts/server-flags.mjs";
import { needsBuild, recordBuild } from "../scripts/needs-build.mjs";

export function ensureBuild(): void {
  if (!needsBuild(path.resolve(".")) && process.env.BENCH_REBUILD !== "1") return;
  const r = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (r.status !== 0) throw new Error("next build failed");
  recordBuild(path.resolve("."));
}

export async function sessionCookie(w: BenchWorld, role = "admin"): Promise<{ cookie: string; userId: string }> {
  const userId = newUuid();
  await w.db.user.create({ data: { id: userId, email: `${role}-${userId.slice(0, 6)}@bench.test`, passwordHash: await hashPassword("bench-password-1"), createdAt: new Date() } });
  await w.db.membership.create({ data: { userId, teamId: w.team.id, role, createdAt: new Date() } });
  const { token } = await createSession(w.db, userId, w.team.id, "127.0.0.1");
  return { cookie: `stratus_session=${token}`, userId };
}

export interface Server {
  url: string;
  proc: ChildProcess;
  rssMb(): number;
  stop(): Promise<void>;
}

function treeRssKb(pid: number): number {
  let total = 0;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    for (const c of children) total += treeRssKb(c);
  } catch {
    /* gone */
  }
  return total;
}

/** `output`: a file for the server's stdout and stderr (else stderr is inherited, stdout too with BENCH_SERVER_LOG). */
export async function startServer(dataDir: string, basePort: number, env: Record<string, string> = {}, output?: string): Promise<Server> {
  // BENCH_PORT_OFFSET moves every bench server, so two checkouts can bench at once.
  const port = basePort + Number(process.env.BENCH_PORT_OFFSET ?? 0);
  // A leftover server on the port would answer for the new one: refuse to measure it.
  if (await fetch(`http://127.0.0.1:${port}/api/health`).then(() => true, () => false)) throw new Error(`port ${port} is already serving; stop it first`);
  const out = output === undefined ? undefined : fs.openSync(output, "a");
  const proc = spawn(process.execPath, [...serverNodeFlags(), ...(process.env.BENCH_NODE_FLAGS?.split(" ").filter(Boolean) ?? []), "server.mjs"], {
    env: { ...process.env, PORT: String(port), NODE_ENV: "production", STRATUS_DATA_DIR: dataDir, STRATUS_DEMO: "0", STRATUS_LOG_LEVEL: "warn", NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: out === undefined ? ["ignore", process.env.BENCH_SERVER_LOG ? "inherit" : "ignore", "inherit"] : ["ignore", out, out],
  });
  if (out !== undefined) fs.closeSync(out); // the child has its own copy
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    proc,
    rssMb: () => Math.round(treeRssKb(proc.pid!) / 1024),
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once("exit", () => resolve());
        proc.kill("SIGTERM");
        // A server stuck in its start ignores SIGTERM: it must not outlive the bench.
        setTimeout(() => proc.kill("SIGKILL"), 10_000).unref();
      }),
  };
}
