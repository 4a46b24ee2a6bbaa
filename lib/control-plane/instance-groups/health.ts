// Port health checks (HTTP or TCP) of in-service members past their grace
// period. A real VM is probed through its NAT mapping, as any client would
// reach it: TCP connects, HTTP wants a 2xx or 3xx answer. A simulated instance
// answers when its security groups let the health checker (the Internet) in.
// Two failures in a row make a member Unhealthy; the keeper then replaces it.
import net from "node:net";
import http from "node:http";
import { Prisma } from "../../generated/prisma/client";
import type { Db } from "../../db";
import type { Clock } from "../../clock";
import type { ComputeProvider } from "../../providers/types";
import { execSql, readRows } from "../../sql/read-rows";
import { date } from "../../sql/decode";
import { systemCtx } from "../system";
import { housekeeping } from "../audit";
import { effectiveRules } from "../groups/groups";
import { explainReachability } from "../../net/rules";

export const UNHEALTHY_AFTER = 2;
const TIMEOUT_MS = 2000;

interface Probe {
  instanceId: string;
  teamId: string;
  provider: string;
  state: string;
  publicIp: string | null;
  privateIp: string | null;
  type: string;
  port: bigint | number;
  path: string;
  failedChecks: bigint | number;
}

function tcp(host: string, port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port, timeout: TIMEOUT_MS });
    s.once("connect", () => (s.destroy(), resolve(null)));
    s.once("timeout", () => (s.destroy(), resolve(`no answer on ${host}:${port} within ${TIMEOUT_MS / 1000} s`)));
    s.once("error", (e) => resolve(`${host}:${port}: ${(e as NodeJS.ErrnoException).code ?? e.message}`));
  });
}

function httpGet(host: string, port: number, path: string): Promise<string | null> {
  return new Promise((resolve) => {
    const req = http.get({ host, port, path, timeout: TIMEOUT_MS, headers: { "user-agent": "Stratus-HealthChecker/1.0" } }, (res) => {
      res.resume();
      const code = res.statusCode ?? 0;
      resolve(code >= 200 && code < 400 ? null : `HTTP ${code} from ${path}`);
    });
    req.once("timeout", () => (req.destroy(), resolve(`no HTTP answer within ${TIMEOUT_MS / 1000} s`)));
    req.once("error", (e) => resolve(`HTTP ${path}: ${(e as NodeJS.ErrnoException).code ?? e.message}`));
  });
}

/** What is wrong with the member, or null when it answers. */
async function check(db: Db, clock: Clock, providers: Map<string, ComputeProvider>, p: Probe, teamName: string): Promise<string | null> {
  const port = Number(p.port);
  const provider = providers.get(p.provider);
  if (provider?.ports) {
    const m = provider.ports(p.instanceId).find((x) => x.protocol === "tcp" && x.guestPort === port);
    if (!m) return `port ${port}/tcp is not open to the health checker in the instance's security groups`;
    return p.type === "HTTP" ? httpGet(m.hostAddress, m.hostPort, p.path) : tcp(m.hostAddress, m.hostPort);
  }
  const ctx = systemCtx(db, clock, { id: p.teamId, name: teamName }, "health-checker");
  const rules = (await effectiveRules(ctx, [p.instanceId])).get(p.instanceId) ?? [];
  const a = explainReachability({ id: p.instanceId, state: p.state, privateIp: p.privateIp, publicIp: p.publicIp }, { kind: "internet" }, { protocol: "tcp", port }, rules);
  return a.reachable ? null : `port ${port}/tcp is not reachable by the health checker: ${a.summary.replace(/^No: /, "")}`;
}

/** One round of probes; returns the ids that turned Unhealthy. */
export async function probeHealth(db: Db, clock: Clock, providers: Map<string, ComputeProvider>): Promise<string[]> {
  const now = clock.now();
  const rows = await readRows<Probe & { teamName: string; launchedAt: unknown; grace: bigint | number }>(
    db,
    Prisma.sql`SELECT m."instanceId", m."teamId", t."name" AS "teamName", i."provider", i."state", i."publicIp", i."privateIp", i."launchedAt", g."gracePeriod" AS "grace",
        g."healthCheckType" AS "type", g."healthCheckPort" AS "port", g."healthCheckPath" AS "path", m."failedChecks"
      FROM "ScalingGroupMember" m JOIN "ScalingGroup" g ON g."id" = m."groupId" JOIN "Instance" i ON i."id" = m."instanceId" JOIN "Team" t ON t."id" = m."teamId"
      WHERE m."lifecycle" = 'InService' AND m."health" = 'Healthy' AND i."state" = 'running' AND g."healthCheckType" IN ('HTTP', 'TCP') AND g."healthCheckPort" IS NOT NULL`,
  );
  const due = rows.filter((r) => date(r.launchedAt).getTime() + Number(r.grace) * 1000 <= now.getTime());
  const results = await Promise.all(due.map(async (r) => ({ r, problem: await check(db, clock, providers, r, r.teamName).catch((e) => String((e as Error).message)) })));
  const unhealthy: string[] = [];
  const updates: Prisma.Sql[] = [];
  for (const { r, problem } of results) {
    if (!problem) {
      if (Number(r.failedChecks)) updates.push(Prisma.sql`UPDATE "ScalingGroupMember" SET "failedChecks" = 0 WHERE "instanceId" = ${r.instanceId}`);
      continue;
    }
    const failed = Number(r.failedChecks) + 1;
    const bad = failed >= UNHEALTHY_AFTER;
    updates.push(
      Prisma.sql`UPDATE "ScalingGroupMember" SET "failedChecks" = ${failed}, "healthReason" = ${problem.slice(0, 500)}${bad ? Prisma.sql`, "health" = 'Unhealthy'` : Prisma.empty} WHERE "instanceId" = ${r.instanceId}`,
    );
    if (bad) unhealthy.push(r.instanceId);
  }
  // Observations, not decisions: the group's reconcile (an audited verb) acts on them.
  if (updates.length)
    await housekeeping(db, async (tx) => {
      for (const u of updates) await execSql(tx, u);
    });
  return unhealthy;
}
