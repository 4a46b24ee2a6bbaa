// The group keeper: keeps every instance group at its desired count. It wakes
// on every instance change (a member that failed is replaced within
// milliseconds of the reconciler recording it), on group changes, when a
// schedule or retry falls due, and at least once a second; port health checks
// run every few real seconds. Decisions go through the audited
// ReconcileInstanceGroup verb, one group per transaction.
import type { Db } from "../db";
import type { Clock } from "../clock";
import { realDelayMs } from "../clock";
import type { ComputeProvider } from "../providers/types";
import { onInstances } from "../events";
import { mayRun, type LoopOptions } from "../cluster/fence";
import { logger } from "../log";
import { yieldToIo } from "../yield";
import { systemCtx } from "../control-plane/system";
import { reconcileGroup } from "../control-plane/instance-groups/reconcile";
import { groupsDue, nextGroupCheck, promoteMembers } from "../control-plane/instance-groups/keeper-sql";
import { onInstanceGroups } from "../control-plane/instance-groups/events";
import { probeHealth } from "../control-plane/instance-groups/health";

const MIN_GAP_MS = 20;
const HEALTH_EVERY_MS = 5000;
const FAILED_PAUSE_MS = 5000;

export class GroupKeeper {
  private running = false;
  private wake: (() => void) | null = null;
  private stopped: Promise<void> | null = null;
  private offs: (() => void)[] = [];
  private lastHealth = 0;
  private readonly failedUntil = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly providers: Map<string, ComputeProvider>,
    private readonly opts: LoopOptions = {},
  ) {}

  /** One pass: members promoted, due groups reconciled. Returns when a group next needs a look. */
  async tick(): Promise<Date | null> {
    await promoteMembers(this.db);
    const due = await groupsDue(this.db, this.clock.now());
    for (const g of due) {
      // A group whose pass failed unexpectedly waits a few seconds rather than failing in a tight loop.
      if ((this.failedUntil.get(g.id) ?? 0) > Date.now()) continue;
      await yieldToIo();
      const ctx = systemCtx(this.db, this.clock, { id: g.teamId, name: g.teamName }, `instance-group:${g.name}`);
      try {
        await reconcileGroup({ ctx, input: { groupId: g.id } });
        this.failedUntil.delete(g.id);
      } catch (e) {
        logger.error({ err: e, group: g.id }, "instance group reconcile failed");
        this.failedUntil.set(g.id, Date.now() + FAILED_PAUSE_MS);
      }
    }
    if (Date.now() - this.lastHealth >= HEALTH_EVERY_MS) {
      this.lastHealth = Date.now();
      // Probes wait on the network: they run beside the loop, not in it.
      void probeHealth(this.db, this.clock, this.providers)
        .then((bad) => bad.length && this.wake?.())
        .catch((e) => logger.error({ err: e }, "health checks failed"));
    }
    return nextGroupCheck(this.db);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.offs = [onInstances(() => this.wake?.()), onInstanceGroups(() => this.wake?.())];
    this.stopped = this.loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const off of this.offs) off();
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
        logger.error({ err: e }, "group keeper tick failed");
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
