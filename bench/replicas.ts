// Issue 14: Stratus on PostgreSQL and as several replicas, against SQLite, in
// one run. EC2 API throughput (16 clients, DescribeInstances by id and
// RunInstances count 1) on SQLite (1 server), PostgreSQL with 1 replica and
// with 3 (the clients spread round-robin over them); the leader lease's
// failover (kill -9 the leader, until another says leader; target < 10 s);
// the 10,000-instance list page on PostgreSQL (target < 300 ms).
// PostgreSQL is the server at STRATUS_TEST_PG_URL (as the tests'); each part
// gets a fresh database, dropped after.
import crypto from "node:crypto";
import os from "node:os";
import { benchWorld, ms, now, stats } from "./world";
import { ensureBuild } from "./server";
import { apiFleet, describeById, runOne } from "./api-fleet";
import { Ec2Load, ec2Signer, type AccessKey } from "./ec2-client";
import { health, killHard, startReplica, startReplicas, stopAll, type Replica } from "./cluster";
import { instancesPageMs, listQueryMs, seedTenThousand } from "./ten-thousand";
import { settled } from "./settle";
import { cpuSampler } from "./cpu";
import { pgAvailable, testPgAdminUrl } from "../lib/testing/pg";
import { resetServerKey } from "../lib/auth/secret-box";

const CLIENTS = 16;
const SQLITE_PORT = 3295;
const REPLICA_PORT = 3300; // 3300, 3301, 3302
const PAGE_PORT = 3305;
const FAILOVERS = 3;
const TOKENED = 4000; // launches with a ClientToken signed per server: more than 8 s of them at any rate seen here

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The API's figures with the 16 clients spread round-robin over the servers. */
async function throughput(urls: string[], key: AccessKey, ids: string[], pids: number[]) {
  const client = new Ec2Load(CLIENTS);
  try {
    // Signatures name the host: each request is signed for each server, once, up front.
    const signed = await Promise.all(
      urls.map(async (url) => {
        const sign = ec2Signer(url, key);
        return {
          describes: await Promise.all(ids.slice(0, 200).map((id) => sign(describeById(id)))),
          runs: await Promise.all(Array.from({ length: 64 }, (_, i) => sign(runOne(i)))),
          // As the SDKs and the CLI send it: each with a ClientToken of its own.
          tokened: await Promise.all(Array.from({ length: TOKENED }, (_, i) => sign(`${runOne(i)}&ClientToken=${crypto.randomUUID()}`))),
        };
      }),
    );
    const of = (c: number) => signed[c % urls.length];
    // With the CPU time each request cost the servers, PostgreSQL and this process.
    const measured = async (next: Parameters<typeof client.load>[1]) => {
      // Warmed up first: fresh servers compile their hot code as it first runs.
      await client.load(2, next);
      const cpu = cpuSampler(pids);
      const r = await client.load(6, next);
      return { ...r, cpuMsPerRequest: cpu(r.requests) };
    };
    const describeInstancesById = await measured((i, c) => of(c).describes[i % 200]);
    const runInstancesCount1 = await measured((i, c) => of(c).runs[i % 64]);
    const used = urls.map(() => 0);
    const runWithToken = await measured((_, c) => of(c).tokened[used[c % urls.length]++ % TOKENED]);
    // Past TOKENED a token comes round again, and its request returns the earlier launch: said, not hidden.
    const runInstancesWithClientToken = { ...runWithToken, tokensReused: used.some((n) => n > TOKENED) };
    return { servers: urls.length, describeInstancesById, runInstancesCount1, runInstancesWithClientToken };
  } finally {
    await client.close();
  }
}

/** The replicas' health, in their order (null: not answering). */
const healths = (replicas: Replica[]) => Promise.all(replicas.map((r) => health(r.server.url)));

/** Polls every 100 ms until `found` gives something, or null after `limitMs`. */
async function pollFor<T>(limitMs: number, found: () => Promise<T | null>): Promise<T | null> {
  const t0 = Date.now();
  for (let k = 1; Date.now() - t0 < limitMs; k++) {
    const v = await found();
    if (v !== null) return v;
    await sleep(Math.max(0, t0 + k * 100 - Date.now()));
  }
  return null;
}

/**
 * kill -9 the replica whose /api/health says leader, time until another says
 * so; the killed one is started again (same port and data directory) before
 * the next repetition. `replicas` is updated in place.
 */
async function leaseFailover(replicas: Replica[], env: Record<string, string>) {
  const first = await health(replicas[0].server.url);
  if (!first || !("leader" in first)) return { skipped: "no lease in this build" };
  const samples: number[] = [];
  for (let rep = 0; rep < FAILOVERS; rep++) {
    const leader = await pollFor(30_000, async () => {
      const hs = await healths(replicas);
      const those = replicas.filter((_, i) => hs[i]?.leader === true);
      return those.length === 1 ? those[0] : null;
    });
    if (!leader) throw new Error("the replicas never agreed on one leader within 30 s");
    const others = replicas.filter((r) => r !== leader);
    const t0 = now();
    await killHard(leader);
    const taken = await pollFor(30_000, async () => ((await healths(others)).some((h) => h?.leader === true) ? ms(t0) : null));
    if (taken === null) throw new Error("no replica took the lease within 30 s of the leader's kill -9");
    samples.push(taken);
    replicas[replicas.indexOf(leader)] = await startReplica(leader.index, REPLICA_PORT, env, leader.dir);
  }
  const s = stats(samples);
  return { repetitions: FAILOVERS, pollEveryMs: 100, failoverMs: { p50: s.p50, max: s.max, samples: samples.map((v) => Math.round(v)) } };
}

/** A fresh database with the API's fleet, served by `count` servers (SQLite: one, on the world's file). */
async function onDatabase<T extends object>(postgres: boolean, count: number, then: (replicas: Replica[], env: Record<string, string>) => Promise<T>) {
  const w = await benchWorld(new Date(Date.now() - 3_600_000).toISOString(), { postgres });
  let replicas: Replica[] = [];
  try {
    const { key, ids } = await apiFleet(w);
    await w.settle();
    await w.db.$disconnect();
    const env = { DATABASE_URL: w.url };
    const since = new Date();
    replicas = postgres ? await startReplicas(count, REPLICA_PORT, env) : [await startReplica(0, SQLITE_PORT, env, w.dir)];
    const settledMs = await settled(w.url, since);
    const figures = { ...(await throughput(replicas.map((r) => r.server.url), key, ids, replicas.map((r) => r.server.proc.pid!))), settledMs };
    process.stderr.write(
      `bench: replicas: ${postgres ? `postgres ×${count}` : "sqlite"}: ${figures.describeInstancesById.requestsPerSecond} describe/s, ${figures.runInstancesCount1.requestsPerSecond} run/s, ${figures.runInstancesWithClientToken.requestsPerSecond} run with token/s\n`,
    );
    return { ...figures, ...(await then(replicas, env)) };
  } finally {
    await stopAll(replicas);
    await w.close();
  }
}

async function tenThousandOnPostgres() {
  const w = await benchWorld(undefined, { postgres: true });
  try {
    const seeded = await seedTenThousand(w);
    await w.settle();
    const listQuery = await listQueryMs(w);
    const { pages, rssMb } = await instancesPageMs(w, PAGE_PORT);
    return {
      instances: 10_000,
      launch1000Ms: stats(seeded.launch1000Ms),
      reconcile9000TransitionsMs: +seeded.reconcileMs.toFixed(0),
      listQueryMs: listQuery,
      pageResponseMs: pages,
      serverRssMb: rssMb,
    };
  } finally {
    await w.close();
  }
}

export async function replicasBench() {
  if (!(await pgAvailable())) return { skipped: `no PostgreSQL answers at ${testPgAdminUrl().replace(/\/\/[^@]*@/, "//")} (STRATUS_TEST_PG_URL)` };
  ensureBuild();
  const t0 = Date.now();
  const load = [os.loadavg()[0]];
  const saved = { DATABASE_URL: process.env.DATABASE_URL, STRATUS_SECRET_KEY: process.env.STRATUS_SECRET_KEY };
  // Replicas share the server key, so an access key made by any works on all.
  process.env.STRATUS_SECRET_KEY = crypto.randomBytes(24).toString("base64");
  resetServerKey();
  try {
    const sqlite = await onDatabase(false, 1, async () => ({}));
    const postgres1 = await onDatabase(true, 1, async () => ({}));
    const { leaseFailover: failover, ...postgres3 } = await onDatabase(true, 3, async (replicas, env) => ({ leaseFailover: await leaseFailover(replicas, env) }));
    const postgres10000 = await tenThousandOnPostgres();
    return {
      clients: CLIENTS,
      throughput: { sqlite, postgres1, postgres3 },
      leaseFailover: failover,
      postgres10000,
      tookSeconds: Math.round((Date.now() - t0) / 1000),
      // Everything here shares the machine's cores with PostgreSQL: other work on them shows in every figure.
      loadAverage1m: { start: +load[0].toFixed(2), end: +os.loadavg()[0].toFixed(2) },
      targets: { failoverMs: "< 10000", pageResponseMs: "< 300", listQueryMs: "< 50" },
    };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetServerKey();
  }
}
