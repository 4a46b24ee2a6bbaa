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
import { onInstances } from "../events";
import { isState } from "../instance-state";
import { chunks, inChunks } from "../sql/chunks";
import { logger } from "../log";

const BATCH = 500;

export class ConsolePump {
  private running = false;
  private wake: (() => void) | null = null;
  private done: Promise<void> | null = null;
  private off: (() => void) | null = null;
  private kicks = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly providers: Map<string, ComputeProvider>,
  ) {}

  /** Instances changed: their consoles may have new lines due from the change on. */
  async kick(ids: string[]): Promise<void> {
    const now = this.clock.now();
    const rows = await inChunks(ids, (c) => this.db.instance.findMany({ where: { id: { in: c } }, select: { id: true, provider: true, launchedAt: true } }));
    const derived = rows.filter((r) => this.providers.get(r.provider)?.derivedConsole);
    if (derived.length === 0) return;
    const existing = new Set((await inChunks(derived.map((r) => r.id), (c) => this.db.consoleOutput.findMany({ where: { instanceId: { in: c } }, select: { instanceId: true } }))).map((r) => r.instanceId));
    const fresh = derived.filter((r) => !existing.has(r.id));
    if (fresh.length)
      await this.db.consoleOutput.createMany({ data: fresh.map((r) => ({ instanceId: r.id, pumpedUntil: new Date(r.launchedAt.getTime() - 1), nextLineAt: r.launchedAt, updatedAt: now })) });
    const old = derived.filter((r) => existing.has(r.id)).map((r) => r.id);
    for (const c of chunks(old)) await this.db.consoleOutput.updateMany({ where: { instanceId: { in: c } }, data: { nextLineAt: now } });
  }

  /** One pass: writes every due console. Returns when the next line is due. */
  async tick(): Promise<Date | null> {
    if (this.kicks.size) {
      const ids = [...this.kicks];
      this.kicks.clear();
      await this.kick(ids);
    }
    const now = this.clock.now();
    for (;;) {
      const due = await this.db.consoleOutput.findMany({ where: { nextLineAt: { lte: now } }, orderBy: { nextLineAt: "asc" }, take: BATCH, select: { instanceId: true, pumpedUntil: true } });
      if (due.length === 0) break;
      const ids = due.map((d) => d.instanceId);
      const [instances, history] = await Promise.all([
        this.db.instance.findMany({ where: { id: { in: ids } } }),
        this.db.stateTransition.findMany({ where: { instanceId: { in: ids } }, orderBy: [{ at: "asc" }, { id: "asc" }] }),
      ]);
      const imageIds = [...new Set(instances.map((i) => i.imageId))];
      const [images, types] = await Promise.all([
        this.db.image.findMany({ where: { id: { in: imageIds } } }),
        this.db.instanceType.findMany({ where: { name: { in: [...new Set(instances.map((i) => i.instanceType))] } } }),
      ]);
      const writes = due.map((d) => {
        const inst = instances.find((i) => i.id === d.instanceId);
        const image = inst && images.find((im) => im.id === inst.imageId);
        const provider = inst && this.providers.get(inst.provider)?.derivedConsole;
        if (!inst || !image || !provider || !isState(inst.state)) return { instanceId: d.instanceId, lines: [], nextLineAt: null, pumpedUntil: now };
        const type = types.find((t) => t.name === inst.instanceType && (t.ownerTeamId === null || t.ownerTeamId === inst.teamId));
        const subject: ConsoleSubject = {
          id: inst.id, teamId: inst.teamId, state: inst.state, desiredState: inst.desiredState, pendingAction: inst.pendingAction, stateChangedAt: inst.stateChangedAt,
          launchedAt: inst.launchedAt, bootCount: inst.bootCount, instanceType: inst.instanceType, privateIp: inst.privateIp, publicIp: inst.publicIp,
          image: { id: image.id, bootSeconds: image.bootSeconds, distro: image.distro, kernel: image.kernel, name: image.name },
          privateDns: inst.privateDns, availabilityZone: inst.availabilityZone, keyName: inst.keyName, publicKey: inst.publicKey, userData: inst.userData,
          memoryMiB: type?.memoryMiB ?? 1740, vcpus: type?.vcpus ?? 1, architecture: image.architecture,
        };
        const h: HistoryEntry[] = history.filter((x) => x.instanceId === inst.id).map((x) => ({ from: x.fromState, to: x.toState, reasonCode: x.reasonCode, at: x.at }));
        const lines = provider.consoleLines(subject, h, d.pumpedUntil, now).map((l) => l.text);
        const nextLineAt = provider.nextConsoleLine(subject, h, now);
        return { instanceId: inst.id, lines, pumpedUntil: now, nextLineAt, end: inst.state === "terminated" && nextLineAt === null };
      });
      await appendConsoles(this.db, writes, now);
      if (due.length < BATCH) break;
    }
    const next = await this.db.consoleOutput.aggregate({ _min: { nextLineAt: true } });
    return next._min.nextLineAt;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.off = onInstances((ids) => {
      for (const id of ids) this.kicks.add(id);
      this.wake?.();
    });
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
      try {
        const next = await this.tick();
        if (next) delay = realDelayMs(this.clock, next);
      } catch (e) {
        logger.error({ err: e }, "console pump failed");
      }
      if (this.kicks.size) continue;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(1000, Math.max(20, delay)));
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = null;
    }
  }
}

