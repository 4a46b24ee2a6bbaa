// Where a load's CPU time went, per request: the servers (each pid with its
// children), PostgreSQL's processes, and this process (the load generator).
// On a small machine they share the cores, so a database server's work per
// request shows up in every figure. Linux /proc; elsewhere null.
import fs from "node:fs";

const TICK_MS = 10; // USER_HZ is 100 on Linux

function ticksOf(pid: number): number {
  try {
    // Fields after the command (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(f[11]) + Number(f[12]);
  } catch {
    return 0;
  }
}

function treeTicks(pid: number): number {
  let total = ticksOf(pid);
  try {
    for (const c of fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean)) total += treeTicks(Number(c));
  } catch {
    /* gone */
  }
  return total;
}

function postgresTicks(): number {
  let total = 0;
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (fs.readFileSync(`/proc/${d}/comm`, "utf8").trim() === "postgres") total += ticksOf(Number(d));
    } catch {
      /* gone */
    }
  }
  return total;
}

export interface CpuPerRequest {
  servers: number;
  postgres: number;
  loadGenerator: number;
}

/** Starts counting; the returned function gives CPU ms per request for `requests` since. */
export function cpuSampler(serverPids: number[]): (requests: number) => CpuPerRequest | null {
  if (!fs.existsSync("/proc/self/stat")) return () => null;
  const servers = serverPids.reduce((n, p) => n + treeTicks(p), 0);
  const pg = postgresTicks();
  const self = process.cpuUsage();
  return (requests) => {
    const per = (ms: number) => +(ms / Math.max(1, requests)).toFixed(2);
    const mine = process.cpuUsage(self);
    return {
      servers: per((serverPids.reduce((n, p) => n + treeTicks(p), 0) - servers) * TICK_MS),
      postgres: per((postgresTicks() - pg) * TICK_MS),
      loadGenerator: per((mine.user + mine.system) / 1000),
    };
  };
}
