// The background loops, which only the leader runs: each asks the lease
// (fence) before every pass, and all stop when it is lost. The DNS server is
// not among them: it only reads, so every replica answers.
import type { Db } from "../db";
import type { Clock } from "../clock";
import type { ComputeProvider } from "../providers/types";
import type { QemuProvider } from "../providers/qemu/provider";
import type { BackgroundLoop } from "./leadership";
import type { Fence } from "./fence";
import { Reconciler } from "../reconciler/reconciler";
import { FirewallSync } from "../reconciler/firewall";
import { GroupKeeper } from "../reconciler/group-keeper";
import { ConsolePump } from "../console/pump";
import { Meter } from "../billing/meter";
import { checkBudgets } from "../control-plane/costs/budgets";
import { logger } from "../log";

export interface LoopDeps {
  db: Db;
  clock: Clock;
  providers: Map<string, ComputeProvider>;
  qemu: QemuProvider;
  fence: Fence;
  /** Saves the simulated clock (runtime.ts), so a restart resumes from it. */
  persistClock: () => Promise<void>;
}

export function backgroundLoops(d: LoopDeps): { loops: BackgroundLoop[]; reconciler: Reconciler } {
  const { db, clock, providers, fence } = d;
  const reconciler = new Reconciler(db, clock, providers, { fence });
  const firewall = new FirewallSync(db, clock, providers, { fence });
  const keeper = new GroupKeeper(db, clock, providers, { fence });
  const pump = new ConsolePump(db, clock, providers, { fence });
  let lastBudgetCheck = 0;
  const meter = new Meter(
    db,
    clock,
    providers,
    async () => {
      // Budgets are checked after metering, at most once a real minute.
      if (Date.now() - lastBudgetCheck < 60_000) return;
      lastBudgetCheck = Date.now();
      await checkBudgets(db, clock);
    },
    { fence },
  );
  let adopted = false;
  let persist: NodeJS.Timeout | null = null;
  const saveIfLeading = async () => {
    if (await fence()) await d.persistClock();
  };
  const loops: BackgroundLoop[] = [
    {
      // Real VMs left running on this host are adopted before anything reconciles them (once: they stay adopted).
      name: "real VMs",
      start: async () => {
        if (adopted) return;
        await d.qemu.adopt();
        adopted = true;
      },
      stop: () => {},
    },
    { name: "reconciler", start: () => reconciler.start(), stop: () => reconciler.stop() },
    {
      name: "firewall",
      // Every rule is enforced before the meter runs: the sim's traffic depends on it.
      start: async () => {
        firewall.start();
        await firewall.idle();
      },
      stop: () => firewall.stop(),
    },
    { name: "group keeper", start: () => keeper.start(), stop: () => keeper.stop() },
    {
      name: "console pump",
      // Consoles that instance changes made while no pump ran would have started.
      start: async () => {
        const n = await pump.catchUp();
        if (n) logger.info({ instances: n }, "console pump: caught up with instances changed while no pump ran");
        pump.start();
      },
      stop: () => pump.stop(),
    },
    { name: "meter", start: () => meter.start(), stop: () => meter.stop() },
    {
      name: "clock persistence",
      start: async () => {
        persist = setInterval(() => void saveIfLeading().catch(() => {}), 2000);
        persist.unref();
        await saveIfLeading().catch((err) => logger.warn({ err }, "the simulated clock could not be saved"));
      },
      stop: () => {
        if (persist) clearInterval(persist);
        persist = null;
      },
    },
  ];
  return { loops, reconciler };
}
