// Writes derived consoles (the sim's) into the 64 KB store as simulated time
// passes: each instance whose next line is due gets its lines since it was
// last written, in one batch per pass. Like the reconciler, it only looks at
// consoles with a due nextLineAt, and it resumes after a restart.
import type { Db } from "../db";
import type { Clock } from "../clock";
import { realDelayMs } from "../clock";
import type { ComputeProvider } from "../providers/types";
import type { ConsoleSubject, HistoryEntry } from "../providers/sim-console";
import { appendConsoles } from "./store";
import { onInstances, onRefresh } from "../events";
import { isState } from "../instance-state";
import { chunks, inChunks } from "../sql/chunks";
import { Prisma } from "../generated/prisma/client";
import { execSql, readRows, transaction } from "../sql/read-rows";
import { insertRows } from "../sql/insert";
import { date, dateOrNull } from "../sql/decode";
import { instancesByIds } from "../control-plane/instances/raw";
import { imagesById, typesByName } from "../control-plane/catalog/raw";
import { mayRun, type LoopOptions } from "../cluster/fence";
import { logger } from "../log";
import { yieldToIo } from "../yield";

// Passes start at least this far apart: under a burst of launches, one pass
// takes many instances instead of one pass per launch.
const MIN_GAP_MS = 20;
// Small batches keep each write transaction short, so API writes never wait long for one.
const BATCH = 100;

export class ConsolePump {
  private running = false;
  private wake: (() => void) | null = null;
  private done: Promise<void> | null = null;
  private off: (() => void) | null = null;
  private kicks = new Set<string>();
  private catchUpDue = false;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly providers: Map<string, ComputeProvider>,
    private readonly opts: LoopOptions = {},
  ) {}

  /** Instances changed: their consoles may have new lines due from the change on. */
  async kick(ids: string[]): Promise<void> {
    const now = this.clock.now();
    // Plain SQL throughout: this runs after every launch and state change.
    await transaction(this.db, async (tx) => {
      const rows = await inChunks(ids, (c) => readRows<{ id: string; provider: string; launchedAt: unknown }>(tx, Prisma.sql`SELECT "id", "provider", "launchedAt" FROM "Instance" WHERE "id" IN (${Prisma.join(c)})`));
      const derived = rows.filter((r) => this.providers.get(r.provider)?.derivedConsole);
      if (derived.length === 0) return;
      const existing = new Set(
        (await inChunks(derived.map((r) => r.id), (c) => readRows<{ instanceId: string }>(tx, Prisma.sql`SELECT "instanceId" FROM "ConsoleOutput" WHERE "instanceId" IN (${Prisma.join(c)})`))).map((r) => r.instanceId),
      );
      const fresh = derived.filter((r) => !existing.has(r.id));
      // Another pump may have created it meanwhile (two leaders for a moment).
      await insertRows(tx, "ConsoleOutput", ["instanceId", "pumpedUntil", "nextLineAt", "updatedAt"], fresh.map((r) => [r.id, new Date(date(r.launchedAt).getTime() - 1), date(r.launchedAt), now]), `ON CONFLICT ("instanceId") DO NOTHING`);
      const old = derived.filter((r) => existing.has(r.id)).map((r) => r.id);
      for (const c of chunks(old)) await execSql(tx, Prisma.sql`UPDATE "ConsoleOutput" SET "nextLineAt" = ${now} WHERE "instanceId" IN (${Prisma.join(c)})`);
    });
  }

  /**
   * Kicks what instance changes made while no pump ran would have kicked (a
   * leader's gap; launches on another replica before this one led): consoles
   * never created, and settled ones whose instance changed state since.
   */
  async catchUp(): Promise<number> {
    const recent = new Date(this.clock.now().getTime() - 3_600_000);
    const rows = await readRows<{ id: string }>(
      this.db,
      Prisma.sql`SELECT i."id" FROM "Instance" i LEFT JOIN "ConsoleOutput" c ON c."instanceId" = i."id"
        WHERE (c."instanceId" IS NULL AND (i."terminatedAt" IS NULL OR i."terminatedAt" > ${recent}))
           OR (c."nextLineAt" IS NULL AND i."stateChangedAt" > c."pumpedUntil")`,
    );
    if (rows.length) await this.kick(rows.map((r) => r.id));
    return rows.length;
  }

  /** One pass: writes every due console. Returns when the next line is due. */
  async tick(): Promise<Date | null> {
    if (this.catchUpDue) {
      this.catchUpDue = false;
      await this.catchUp();
    }
    if (this.kicks.size) {
      const ids = [...this.kicks];
      this.kicks.clear();
      await this.kick(ids);
    }
    const now = this.clock.now();
    for (;;) {
      await yieldToIo();
      const due = (
        await readRows<{ instanceId: string; pumpedUntil: unknown }>(
          this.db,
          Prisma.sql`SELECT "instanceId", "pumpedUntil" FROM "ConsoleOutput" WHERE "nextLineAt" <= ${now} ORDER BY "nextLineAt" ASC LIMIT ${BATCH}`,
        )
      ).map((d) => ({ instanceId: d.instanceId, pumpedUntil: date(d.pumpedUntil) }));
      if (due.length === 0) break;
      const ids = due.map((d) => d.instanceId);
      const [instances, historyRows] = await Promise.all([
        instancesByIds(this.db, ids),
        readRows<{ instanceId: string; fromState: string; toState: string; reasonCode: string; at: unknown }>(
          this.db,
          Prisma.sql`SELECT "instanceId", "fromState", "toState", "reasonCode", "at" FROM "StateTransition" WHERE "instanceId" IN (${Prisma.join(ids)}) ORDER BY "at" ASC, "id" ASC`,
        ),
      ]);
      const [images, types] = await Promise.all([
        imagesById(this.db, [...new Set(instances.map((i) => i.imageId))]),
        typesByName(this.db, [...new Set(instances.map((i) => i.instanceType))]),
      ]);
      const byId = new Map(instances.map((i) => [i.id, i]));
      const historyOf = new Map<string, HistoryEntry[]>();
      for (const x of historyRows)
        (historyOf.get(x.instanceId) ?? historyOf.set(x.instanceId, []).get(x.instanceId)!).push({ from: x.fromState, to: x.toState, reasonCode: x.reasonCode, at: date(x.at) });
      const writes = due.map((d) => {
        const inst = byId.get(d.instanceId);
        const image = inst && images.get(inst.imageId);
        const provider = inst && this.providers.get(inst.provider)?.derivedConsole;
        if (!inst || !image || !provider || !isState(inst.state)) return { instanceId: d.instanceId, lines: [], nextLineAt: null, pumpedUntil: now, expectPumpedUntil: d.pumpedUntil };
        const type = types.find((t) => t.name === inst.instanceType && (t.ownerTeamId === null || t.ownerTeamId === inst.teamId));
        const subject: ConsoleSubject = {
          id: inst.id, teamId: inst.teamId, state: inst.state, desiredState: inst.desiredState, pendingAction: inst.pendingAction, stateChangedAt: inst.stateChangedAt,
          launchedAt: inst.launchedAt, bootCount: inst.bootCount, instanceType: inst.instanceType, privateIp: inst.privateIp, publicIp: inst.publicIp,
          image: { id: image.id, bootSeconds: image.bootSeconds, distro: image.distro, kernel: image.kernel, name: image.name },
          privateDns: inst.privateDns, availabilityZone: inst.availabilityZone, keyName: inst.keyName, publicKey: inst.publicKey, userData: inst.userData,
          memoryMiB: type?.memoryMiB ?? 1740, vcpus: type?.vcpus ?? 1, architecture: image.architecture,
        };
        const h = historyOf.get(inst.id) ?? [];
        const lines = provider.consoleLines(subject, h, d.pumpedUntil, now).map((l) => l.text);
        const nextLineAt = provider.nextConsoleLine(subject, h, now);
        return { instanceId: inst.id, lines, pumpedUntil: now, nextLineAt, end: inst.state === "terminated" && nextLineAt === null, expectPumpedUntil: d.pumpedUntil };
      });
      await yieldToIo();
      await appendConsoles(this.db, writes, now);
      if (due.length < BATCH) break;
    }
    const [next] = await readRows<{ m: unknown }>(this.db, Prisma.sql`SELECT MIN("nextLineAt") AS m FROM "ConsoleOutput" WHERE "nextLineAt" IS NOT NULL`);
    return dateOrNull(next?.m);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const offInstances = onInstances((ids) => {
      for (const id of ids) this.kicks.add(id);
      this.wake?.();
    });
    // Instance events may have been missed (another replica's).
    const offRefresh = onRefresh(() => {
      this.catchUpDue = true;
      this.wake?.();
    });
    this.off = () => {
      offInstances();
      offRefresh();
    };
    this.done = this.loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.off?.();
    this.wake?.();
    await this.done;
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
        logger.error({ err: e }, "console pump failed");
      }
      if (this.kicks.size) {
        await new Promise((r) => setTimeout(r, Math.max(0, started + MIN_GAP_MS - Date.now())));
        continue;
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(1000, Math.max(MIN_GAP_MS, delay)));
        this.wake = () => {
          clearTimeout(t);
          setTimeout(resolve, Math.max(0, started + MIN_GAP_MS - Date.now()));
        };
      });
      this.wake = null;
    }
  }
}

