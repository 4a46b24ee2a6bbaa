// Stratus replicas for the cluster suite: production servers (node server.mjs,
// as playwright.config.ts starts the e2e server) on one PostgreSQL database,
// each with its own port and data directory, started, killed (-9) and
// restarted by the test itself.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { serverNodeFlags } from "../scripts/server-flags.mjs";

export const ADMIN = { email: "admin@cluster.test", password: "cluster-admin-password" };
export const KEY = { accessKeyId: "AKIASTRATUSCLUSTER01", secretAccessKey: "clusterSecretKeyForTheBootstrapAdmin/0123" };

export interface Health {
  status: string;
  leader?: boolean;
  replica?: string | null;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Replica {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  /** Times this replica was started. */
  starts = 0;

  constructor(
    readonly name: string,
    readonly port: number,
    readonly dataDir: string,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get alive(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the server; resolves once /api/health answers 200. */
  async start(timeoutMs = 120_000): Promise<void> {
    fs.mkdirSync(this.dataDir, { recursive: true });
    const log = fs.openSync(path.join(this.dataDir, `server-${++this.starts}.log`), "w");
    const child = spawn(process.execPath, [...serverNodeFlags(), "server.mjs"], {
      cwd: path.resolve("."),
      stdio: ["ignore", log, log],
      env: { ...process.env, ...this.env, PORT: String(this.port), STRATUS_DATA_DIR: this.dataDir },
    });
    fs.closeSync(log);
    this.child = child;
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (!this.alive) throw new Error(`${this.name} exited while starting (code ${child.exitCode}, signal ${child.signalCode}): ${this.logTail()}`);
      if ((await this.health())?.status === "ok") return;
      await sleep(200);
    }
    throw new Error(`${this.name} did not answer /api/health within ${timeoutMs / 1000} s: ${this.logTail()}`);
  }

  /** This replica's /api/health, or null when it does not answer. */
  async health(): Promise<Health | null> {
    try {
      const r = await fetch(`${this.url}/api/health`, { signal: AbortSignal.timeout(5000) });
      return r.ok ? ((await r.json()) as Health) : null;
    } catch {
      return null;
    }
  }

  /** kill -9: no shutdown of any kind, as a crashed host. */
  async kill9(): Promise<void> {
    if (this.child?.pid && this.alive) this.child.kill("SIGKILL");
    await this.exited;
  }

  async stop(): Promise<void> {
    if (this.child && this.alive) {
      this.child.kill("SIGTERM");
      const timer = setTimeout(() => this.child?.kill("SIGKILL"), 10_000);
      await this.exited;
      clearTimeout(timer);
    }
  }

  logTail(lines = 30): string {
    const file = path.join(this.dataDir, `server-${this.starts}.log`);
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).map((l) => (l.length > 300 ? `${l.slice(0, 300)}…` : l)).join("\n") : "(no log)";
  }
}

/** Polls until exactly one of the live replicas says it leads; returns it and how long that took. */
export async function awaitLeader(replicas: Replica[], timeoutMs: number): Promise<{ leader: Replica; ms: number; healths: (Health | null)[] }> {
  const began = Date.now();
  let healths: (Health | null)[] = [];
  while (Date.now() - began < timeoutMs) {
    healths = await Promise.all(replicas.map((r) => (r.alive ? r.health() : null)));
    const leading = replicas.filter((_, i) => healths[i]?.leader === true);
    if (leading.length === 1) return { leader: leading[0], ms: Date.now() - began, healths };
    await sleep(100);
  }
  throw new Error(`no single leader among the live replicas after ${timeoutMs} ms: ${JSON.stringify(healths)}`);
}
