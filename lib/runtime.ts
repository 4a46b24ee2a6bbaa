// The process runtime: database (migrated), clock, providers and, in the server,
// the reconciler. Created once per process and shared through globalThis.
import type { Db } from "./db";
import { db as sharedDb } from "./db";
import type { Clock } from "./clock";
import { WarpClock } from "./clock";
import { settings, sqlitePath, databaseUrl } from "./config";
import { migrateDatabase } from "./sql/migrate";
import { isPostgresUrl } from "./sql/dialect";
import { startCheckpointer } from "./sql/checkpointer";
import type { ComputeProvider } from "./providers/types";
import { SimProvider } from "./providers/sim";
import { QemuProvider } from "./providers/qemu/provider";
import { registerProviders } from "./providers/registry";
import type { Reconciler } from "./reconciler/reconciler";
import { dnsSettings } from "./dns/settings";
import { startDnsServer } from "./dns/server";
import { dbLookup } from "./dns/lookup";
import "./control-plane"; // registers every verb and its hooks (Elastic IPs on stop/terminate)
import { seedCatalog } from "./control-plane/catalog/seed";
import { bootstrap } from "./control-plane/teams/bootstrap";
import { logger } from "./log";
import { housekeeping } from "./control-plane/audit";
import { CLOCK_SPEED_KEY } from "./control-plane/clock/clock";
import { startCluster, type Cluster } from "./cluster/start";

export interface Runtime {
  db: Db;
  clock: Clock;
  providers: Map<string, ComputeProvider>;
  reconciler: Reconciler | null;
  /** This server among replicas: the lease (leader or not) and the event fan-out. Null outside the server. */
  cluster: Cluster | null;
  startedAt: Date;
}

const g = globalThis as unknown as { __stratusRuntime?: Promise<Runtime> };

async function restoreClock(db: Db): Promise<Clock> {
  let speed = settings.simSpeed();
  // Several replicas share one clock: one joining later takes the warp an admin
  // set since (a lone server starts at STRATUS_SIM_SPEED, as configured).
  if (isPostgresUrl(databaseUrl())) {
    const set = await db.setting.findUnique({ where: { key: CLOCK_SPEED_KEY } });
    if (set && Number.isFinite(Number(set.value)) && Number(set.value) >= 0) speed = Number(set.value);
  }
  const row = await db.setting.findUnique({ where: { key: "clock.sim" } });
  // Simulated time never runs backwards across restarts (histories would).
  const sim = Math.max(row ? Number(row.value) : 0, Date.now());
  return new WarpClock(sim, Date.now(), speed);
}

async function saveClock(db: Db, clock: Clock): Promise<void> {
  const value = String(clock.now().getTime());
  await housekeeping(db, (tx) => tx.setting.upsert({ where: { key: "clock.sim" }, create: { key: "clock.sim", value }, update: { value } }));
}

async function create(server: boolean): Promise<Runtime> {
  await migrateDatabase(databaseUrl());
  const sqlite = !isPostgresUrl(databaseUrl());
  const db = sharedDb();
  const clock = await restoreClock(db);
  const qemu = new QemuProvider(db, clock);
  const providers = new Map<string, ComputeProvider>([
    ["sim", new SimProvider()],
    ["qemu", qemu],
  ]);
  registerProviders(providers);
  await seedCatalog(db, clock.now());
  let reconciler: Reconciler | null = null;
  let cluster: Cluster | null = null;
  if (server) {
    await bootstrap(db, clock);
    if (sqlite) {
      startCheckpointer(sqlitePath(databaseUrl()));
      // Planner statistics as tables grow (PRAGMA optimize does nothing until they
      // have), on the writer and through its lock: another connection writing
      // would make this one wait, holding the event loop. (PostgreSQL's autovacuum analyses.)
      setInterval(() => void db.$executeRawUnsafe("PRAGMA optimize = 0x10002").catch((err) => logger.warn({ err }, "PRAGMA optimize failed")), 10 * 60_000).unref();
    }
    // ---- cluster (issue 14): the background loops (real VMs adopted first,
    // reconciler, firewall, group keeper, console pump, meter and budgets,
    // clock persistence) run on the lease's holder only; on SQLite that is
    // this process, at once. See lib/cluster/start.ts.
    cluster = await startCluster({ url: databaseUrl(), db, clock, providers, qemu, persistClock: () => saveClock(db, clock) });
    reconciler = cluster.reconciler;
    // ---- end cluster
    // Every replica answers DNS: it only reads.
    const dns = dnsSettings();
    if (dns.port) {
      // A port in use is reported and the console goes on without DNS.
      await startDnsServer(dbLookup(db), { port: dns.port, bind: dns.bind }).then(
        (s) => logger.info({ port: s.port, bind: s.address }, "authoritative DNS listening"),
        (e) => logger.error({ err: e, port: dns.port }, "the DNS server could not start"),
      );
    }
    if (clock.speed !== 1) logger.info({ speed: clock.speed }, `simulated cloud running at ${clock.speed}× speed`);
  }
  return { db, clock, providers, reconciler, cluster, startedAt: new Date() };
}

/** Boots the server runtime (instrumentation calls this once). */
export function bootServer(): Promise<Runtime> {
  return (g.__stratusRuntime ??= create(true));
}

/** The runtime of this process; outside the server (CLI, scripts) it boots without a reconciler. */
export function runtime(): Promise<Runtime> {
  return (g.__stratusRuntime ??= create(false));
}
