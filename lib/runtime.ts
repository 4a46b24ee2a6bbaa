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
import { Reconciler } from "./reconciler/reconciler";
import { FirewallSync } from "./reconciler/firewall";
import { GroupKeeper } from "./reconciler/group-keeper";
import { dnsSettings } from "./dns/settings";
import { startDnsServer } from "./dns/server";
import { dbLookup } from "./dns/lookup";
import { ConsolePump } from "./console/pump";
import { Meter } from "./billing/meter";
import { checkBudgets } from "./control-plane/costs/budgets";
import "./control-plane"; // registers every verb and its hooks (Elastic IPs on stop/terminate)
import { seedCatalog } from "./control-plane/catalog/seed";
import { bootstrap } from "./control-plane/teams/bootstrap";
import { logger } from "./log";
import { housekeeping } from "./control-plane/audit";

export interface Runtime {
  db: Db;
  clock: Clock;
  providers: Map<string, ComputeProvider>;
  reconciler: Reconciler | null;
  startedAt: Date;
}

const g = globalThis as unknown as { __stratusRuntime?: Promise<Runtime> };

async function restoreClock(db: Db): Promise<Clock> {
  const speed = settings.simSpeed();
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
  if (server) {
    await bootstrap(db, clock);
    if (sqlite) {
      startCheckpointer(sqlitePath(databaseUrl()));
      // Planner statistics as tables grow (PRAGMA optimize does nothing until they
      // have), on the writer and through its lock: another connection writing
      // would make this one wait, holding the event loop. (PostgreSQL's autovacuum analyses.)
      setInterval(() => void db.$executeRawUnsafe("PRAGMA optimize = 0x10002").catch((err) => logger.warn({ err }, "PRAGMA optimize failed")), 10 * 60_000).unref();
    }
    // Real VMs left running by the last process are adopted before anything reconciles them.
    await qemu.adopt();
    reconciler = new Reconciler(db, clock, providers);
    reconciler.start();
    new FirewallSync(db, clock, providers).start();
    new GroupKeeper(db, clock, providers).start();
    const dns = dnsSettings();
    if (dns.port) {
      // A port in use is reported and the console goes on without DNS.
      await startDnsServer(dbLookup(db), { port: dns.port, bind: dns.bind }).then(
        (s) => logger.info({ port: s.port, bind: s.address }, "authoritative DNS listening"),
        (e) => logger.error({ err: e, port: dns.port }, "the DNS server could not start"),
      );
    }
    new ConsolePump(db, clock, providers).start();
    let lastBudgetCheck = 0;
    new Meter(db, clock, providers, async () => {
      // Budgets are checked after metering, at most once a real minute.
      if (Date.now() - lastBudgetCheck < 60_000) return;
      lastBudgetCheck = Date.now();
      await checkBudgets(db, clock);
    }).start();
    if (clock.speed !== 1) logger.info({ speed: clock.speed }, `simulated cloud running at ${clock.speed}× speed`);
    const persist = setInterval(() => void saveClock(db, clock).catch(() => {}), 2000);
    persist.unref();
    await saveClock(db, clock);
  }
  return { db, clock, providers, reconciler, startedAt: new Date() };
}

/** Boots the server runtime (instrumentation calls this once). */
export function bootServer(): Promise<Runtime> {
  return (g.__stratusRuntime ??= create(true));
}

/** The runtime of this process; outside the server (CLI, scripts) it boots without a reconciler. */
export function runtime(): Promise<Runtime> {
  return (g.__stratusRuntime ??= create(false));
}
