// The reconciler: moves each instance from desired to observed state through
// its provider and records every transition. It only looks at instances whose
// nextCheckAt is due, so 10,000 settled instances cost nothing.
import type { Db } from "../db";
import type { Clock } from "../clock";
import { realDelayMs } from "../clock";
import type { ComputeProvider, ProviderInstance } from "../providers/types";
import { recordObservations, type Observed } from "../control-plane/instances/observe";
import { notifyInstances, onInstances } from "../events";
import { isState } from "../instance-state";
import { mayRun, type LoopOptions } from "../cluster/fence";
import { logger } from "../log";
import { yieldToIo } from "../yield";
import { inChunks } from "../sql/chunks";
import { Prisma } from "../generated/prisma/client";
import { readRows } from "../sql/read-rows";
import { date, dateOrNull } from "../sql/decode";
import { instancesWhere } from "../control-plane/instances/raw";
import { imagesById } from "../control-plane/catalog/raw";

// Passes start at least this far apart: under a burst of launches, one pass
// takes many instances instead of one pass per launch.
const MIN_GAP_MS = 20;
// Small batches keep each write transaction short, so API writes never wait long for one.
const BATCH = 500;

const seen = (d: { id: string; state: string; desiredState: string; pendingAction: string | null }) => ({ instanceId: d.id, state: d.state, desiredState: d.desiredState, pendingAction: d.pendingAction });

export class Reconciler {
  private running = false;
  private wake: (() => void) | null = null;
  private stopped: Promise<void> | null = null;
  private off: (() => void) | null = null;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly providers: Map<string, ComputeProvider>,
    private readonly opts: LoopOptions = {},
  ) {}

  /** One pass over due instances. Returns when the next one is due (null: none). */
  async tick(): Promise<Date | null> {
    const now = this.clock.now();
    for (;;) {
      await yieldToIo();
      // Plain SQL: this runs after every launch and every state change.
      const due = await instancesWhere(this.db, Prisma.sql`"nextCheckAt" <= ${now}`, Prisma.sql`ORDER BY "nextCheckAt" ASC LIMIT ${BATCH}`);
      if (due.length === 0) break;
      const images = await imagesById(this.db, [...new Set(due.map((d) => d.imageId))]);
      const events = (
        await inChunks(due.map((d) => d.id), (c) =>
          readRows<{ id: string; instanceId: string; code: string; notBefore: unknown }>(
            this.db,
            Prisma.sql`SELECT "id", "instanceId", "code", "notBefore" FROM "ScheduledEvent" WHERE "instanceId" IN (${Prisma.join(c)}) AND "completedAt" IS NULL AND "canceledAt" IS NULL ORDER BY "notBefore" ASC`,
          ),
        )
      ).map((e) => ({ ...e, notBefore: date(e.notBefore) }));
      const observed: Observed[] = [];
      for (const d of due) {
        const image = images.get(d.imageId);
        const provider = this.providers.get(d.provider);
        if (!image || !provider || !isState(d.state)) {
          observed.push({ ...seen(d), observation: { transitions: [], nextCheckAt: null } });
          continue;
        }
        // A due scheduled event becomes the provider's next action, unless the user's comes first.
        const mine = events.filter((e) => e.instanceId === d.id);
        const dueEvent = d.pendingAction ? undefined : mine.find((e) => e.notBefore <= now);
        const laterEvent = mine.find((e) => e.notBefore > now);
        const subject: ProviderInstance = {
          id: d.id, teamId: d.teamId, state: d.state, desiredState: d.desiredState,
          pendingAction: dueEvent ? (dueEvent.code === "instance-retirement" ? "retire" : "system-reboot") : d.pendingAction,
          dueEventId: dueEvent?.id, stateChangedAt: d.stateChangedAt,
          launchedAt: d.launchedAt, bootCount: d.bootCount, instanceType: d.instanceType, privateIp: d.privateIp, publicIp: d.publicIp,
          image: { id: image.id, bootSeconds: image.bootSeconds, distro: image.distro, kernel: image.kernel, name: image.name },
        };
        try {
          const o = await provider.reconcile(subject, now);
          // Look again when the next scheduled event falls due.
          if (laterEvent && o.transitions.every((t) => t.to !== "terminated") && (!o.nextCheckAt || laterEvent.notBefore < o.nextCheckAt)) o.nextCheckAt = laterEvent.notBefore;
          observed.push({ ...seen(d), observation: o });
        } catch (e) {
          logger.error({ err: e, instanceId: d.id }, "provider reconcile failed");
          observed.push({ ...seen(d), observation: { transitions: [], nextCheckAt: new Date(now.getTime() + 5000 * Math.max(1, this.clock.speed)) } });
        }
      }
      await yieldToIo();
      const changed = await recordObservations(this.db, observed);
      if (changed.length) notifyInstances(changed);
      if (due.length < BATCH) break;
    }
    const [next] = await readRows<{ m: unknown }>(this.db, Prisma.sql`SELECT MIN("nextCheckAt") AS m FROM "Instance" WHERE "nextCheckAt" IS NOT NULL`);
    return dateOrNull(next?.m);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.off = onInstances(() => this.wake?.());
    this.stopped = this.loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.off?.();
    this.wake?.();
    await this.stopped;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let delay = 1000;
      const started = Date.now();
      try {
        // No pass unless this replica still leads (the lease stops the loop soon after).
        if (await mayRun(this.opts)) {
          const next = await this.tick();
          if (next) delay = realDelayMs(this.clock, next);
        }
      } catch (e) {
        logger.error({ err: e }, "reconciler tick failed");
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(1000, Math.max(5, delay)));
        this.wake = () => {
          clearTimeout(t);
          setTimeout(resolve, Math.max(0, started + MIN_GAP_MS - Date.now()));
        };
      });
      this.wake = null;
    }
  }
}
