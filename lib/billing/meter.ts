// The meter: asks providers how many bytes each running instance moved since
// the last pass, prices them (in per GB; out in the month's marginal tiers,
// in time order; between instances free) and adds them to per-instance hour
// and day rows. One cursor, stored with the rows, so a restart neither loses
// nor counts twice. Compute needs no rows: it comes from the state history.
import type { Db, Tx } from "../db";
import { isWarpClock, type Clock } from "../clock";
import { Prisma } from "../generated/prisma/client";
import type { ComputeProvider, MeterSlice } from "../providers/types";
import { Book, DAY_MS, HOUR_MS, dayOf, tieredOut } from "./engine";
import { chunks, inChunks } from "../sql/chunks";
import { execSql } from "../sql/read-rows";
import { mayRun, type LoopOptions } from "../cluster/fence";
import { logger } from "../log";

/** Hourly rows are kept this long (Cost Explorer's HOURLY granularity); daily rows forever. */
export const HOURLY_RETENTION_HOURS = 14 * 24;
/** One pass covers at most this much simulated time. */
const MAX_WINDOW_MS = 7 * DAY_MS;
const CURSOR = "meter.until";

interface Row {
  seq: number;
  key: number;
  bytesIn: bigint;
  bytesOut: bigint;
  bytesInternal: bigint;
  inExact: bigint;
  outExact: bigint;
}

const monthStart = (ms: number) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};

/** Running stretches of each instance in (from, to], from its state history. */
function runningSlices(
  inst: { id: string; seq: number; teamId: string; profile: string },
  history: { toState: string; at: Date }[],
  from: number,
  to: number,
): MeterSlice[] {
  const out: MeterSlice[] = [];
  let open: number | null = null;
  const close = (end: number) => {
    let a = Math.max(open!, from);
    const b = Math.min(end, to);
    while (a < b) {
      const stop = Math.min(b, (Math.floor(a / HOUR_MS) + 1) * HOUR_MS);
      out.push({ instanceId: inst.id, seq: inst.seq, teamId: inst.teamId, profile: inst.profile, start: a, seconds: (stop - a) / 1000 });
      a = stop;
    }
    open = null;
  };
  for (const h of history) {
    const t = h.at.getTime();
    if (h.toState === "running" && open === null) open = t;
    else if (h.toState !== "running" && open !== null) close(t);
  }
  if (open !== null) close(to);
  return out;
}

export class Meter {
  private timer: NodeJS.Timeout | null = null;
  private offSpeed: (() => void) | null = null;
  private busy = false;
  private running = false;
  private current: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly providers: Map<string, ComputeProvider>,
    private readonly onPass?: () => Promise<void>,
    private readonly opts: LoopOptions = {},
  ) {}

  /** Meters (until, now], up to a week at a time. Returns the new cursor. */
  async pass(): Promise<Date> {
    const now = this.clock.now().getTime();
    let row = await this.db.setting.findUnique({ where: { key: CURSOR } });
    if (!row) {
      // Another meter may create it at the same moment (two leaders overlapping): theirs stands.
      await execSql(this.db, Prisma.sql`INSERT INTO "Setting" ("key", "value") VALUES (${CURSOR}, ${String(now)}) ON CONFLICT ("key") DO NOTHING`);
      row = await this.db.setting.findUniqueOrThrow({ where: { key: CURSOR } });
    }
    const until = Number(row.value);
    const end = Math.min(now, until + MAX_WINDOW_MS);
    if (end <= until) return new Date(until);

    const instances = await this.db.instance.findMany({
      where: { seq: { not: null }, launchedAt: { lt: new Date(end) }, OR: [{ terminatedAt: null }, { terminatedAt: { gt: new Date(until) } }] },
      select: { id: true, seq: true, teamId: true, imageId: true, provider: true },
    });
    const [history, images, profileTags] = await Promise.all([
      inChunks(instances.map((i) => i.id), (c) => this.db.stateTransition.findMany({ where: { instanceId: { in: c }, at: { lt: new Date(end) } }, orderBy: [{ at: "asc" }, { id: "asc" }], select: { instanceId: true, toState: true, at: true } })),
      this.db.image.findMany({ where: { id: { in: [...new Set(instances.map((i) => i.imageId))] } }, select: { id: true, profile: true } }),
      inChunks(instances.map((i) => i.id), (c) => this.db.tag.findMany({ where: { resourceId: { in: c }, key: "stratus:profile" }, select: { resourceId: true, value: true } })),
    ]);
    const profileOf = new Map(images.map((i) => [i.id, i.profile]));
    const tagged = new Map(profileTags.map((t) => [t.resourceId, t.value]));
    const byInstance = new Map<string, { toState: string; at: Date }[]>();
    for (const h of history) (byInstance.get(h.instanceId) ?? byInstance.set(h.instanceId, []).get(h.instanceId)!).push(h);

    // Slices per provider, metered in time order within each team.
    const slices: (MeterSlice & { provider: string })[] = [];
    for (const inst of instances) {
      const provider = this.providers.get(inst.provider);
      if (!provider?.meter) continue;
      const s = runningSlices({ id: inst.id, seq: inst.seq!, teamId: inst.teamId, profile: tagged.get(inst.id) ?? profileOf.get(inst.imageId) ?? "idle" }, byInstance.get(inst.id) ?? [], until, end);
      for (const x of s) slices.push({ ...x, provider: inst.provider });
    }
    const usage = new Map<MeterSlice, { bytesIn: bigint; bytesOut: bigint; bytesInternal: bigint }>();
    for (const [name, provider] of this.providers) {
      const mine = slices.filter((s) => s.provider === name);
      if (!mine.length || !provider.meter) continue;
      const got = await provider.meter(mine);
      mine.forEach((s, i) => usage.set(s, got[i]));
    }
    slices.sort((a, b) => a.start - b.start || a.seq - b.seq);

    const teams = [...new Set(slices.map((s) => s.teamId))];
    const books = new Map<string, Book>();
    for (const t of teams) books.set(t, new Book(await this.db.rate.findMany({ where: { teamId: t } })));
    const hours = new Map<string, Row>();
    const days = new Map<string, Row>();
    const monthOut = new Map<string, bigint>();

    const metered = await this.db.$transaction(
      async (tx) => {
        // The cursor moves first, and only from where this pass began: a
        // second meter that read the same cursor (a stale leader overlapping
        // the new one) changes nothing, so no byte is billed twice. Its row
        // lock also makes a concurrent pass wait for this one on PostgreSQL.
        const moved = await tx.$executeRaw`UPDATE "Setting" SET "value" = ${String(end)} WHERE "key" = ${CURSOR} AND "value" = ${String(until)}`;
        if (moved !== 1) return false;
        for (const s of slices) {
          const u = usage.get(s);
          if (!u) continue;
          const book = books.get(s.teamId)!;
          const dayAt = dayOf(s.start) * DAY_MS; // transfer prices change at midnight UTC
          const mkey = `${s.teamId}|${monthStart(s.start)}`;
          let before = monthOut.get(mkey);
          if (before === undefined) before = await monthToDateOut(tx, s.teamId, monthStart(s.start), days);
          const outExact = tieredOut(before, u.bytesOut, book.tiers(dayAt));
          monthOut.set(mkey, before + u.bytesOut);
          const inExact = u.bytesIn * (book.rate("transfer-in", "", dayAt) ?? 0n);
          const add = (m: Map<string, Row>, key: number) => {
            const k = `${s.seq}|${key}`;
            const r = m.get(k) ?? m.set(k, { seq: s.seq, key, bytesIn: 0n, bytesOut: 0n, bytesInternal: 0n, inExact: 0n, outExact: 0n }).get(k)!;
            r.bytesIn += u.bytesIn;
            r.bytesOut += u.bytesOut;
            r.bytesInternal += u.bytesInternal;
            r.inExact += inExact;
            r.outExact += outExact;
          };
          add(hours, Math.floor(s.start / HOUR_MS));
          add(days, dayOf(s.start));
        }
        await upsert(tx, "TrafficHour", "hour", [...hours.values()]);
        await upsert(tx, "TrafficDay", "day", [...days.values()]);
        await tx.trafficHour.deleteMany({ where: { hour: { lt: Math.floor(end / HOUR_MS) - HOURLY_RETENTION_HOURS } } });
        return true;
      },
      { timeout: 120_000, maxWait: 60_000 },
    );
    if (!metered) logger.warn({ from: new Date(until), to: new Date(end) }, "another meter metered this window first: this pass wrote nothing");
    return new Date(metered ? end : until);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const run = async () => {
      try {
        // Only the leader meters (and checks budgets).
        if (!this.running || !(await mayRun(this.opts))) return;
        await this.pass();
        await this.onPass?.();
      } catch (e) {
        logger.error({ err: e }, "meter pass failed");
      } finally {
        this.busy = false;
      }
    };
    const loop = () => {
      if (this.busy || !this.running) return;
      this.busy = true;
      this.current = run();
    };
    // About an hour of simulated time per pass, every 1–60 real seconds (60 s while paused).
    const plan = () => {
      if (this.timer) clearInterval(this.timer);
      const every = this.clock.speed > 0 ? Math.min(60_000, Math.max(1_000, 3_600_000 / this.clock.speed)) : 60_000;
      this.timer = setInterval(loop, every);
      this.timer.unref();
    };
    plan();
    // Time warp changes the pace: re-plan at once, or a 1× pass interval would lag 3600× by an hour a second.
    if (isWarpClock(this.clock)) this.offSpeed = this.clock.onSpeedChange(() => {
      plan();
      loop();
    });
    loop();
  }

  /** Stops the passes; resolves when one under way is done. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.offSpeed?.();
    this.offSpeed = null;
    await this.current;
  }
}

/** A team's bytes out so far this month, before `day` (rows of this pass not yet written count too). */
async function monthToDateOut(tx: Tx, teamId: string, monthStartMs: number, days: Map<string, Row>): Promise<bigint> {
  const fromDay = dayOf(monthStartMs);
  const [r] = await tx.$queryRaw<{ total: bigint | number | null }[]>`
    SELECT SUM(t."bytesOut") AS total FROM "TrafficDay" t JOIN "Instance" i ON i."seq" = t."instanceSeq"
    WHERE i."teamId" = ${teamId} AND t."day" >= ${fromDay}`;
  let total = BigInt(r?.total ?? 0);
  // This pass's own rows for the same team and month are not in the table yet.
  const seqs = new Set((await tx.instance.findMany({ where: { teamId, seq: { not: null } }, select: { seq: true } })).map((i) => i.seq!));
  for (const d of days.values()) if (seqs.has(d.seq) && d.key >= fromDay) total += d.bytesOut;
  return total;
}

async function upsert(tx: Tx, table: "TrafficHour" | "TrafficDay", keyCol: "hour" | "day", rows: Row[]): Promise<void> {
  const t = Prisma.raw(`"${table}"`);
  const k = Prisma.raw(`"${keyCol}"`);
  for (const part of chunks(rows, 100)) {
    const values = Prisma.join(part.map((r) => Prisma.sql`(${r.seq}, ${r.key}, ${r.bytesIn}, ${r.bytesOut}, ${r.bytesInternal}, ${r.inExact}, ${r.outExact})`));
    await tx.$executeRaw`INSERT INTO ${t} ("instanceSeq", ${k}, "bytesIn", "bytesOut", "bytesInternal", "inExact", "outExact") VALUES ${values}
      ON CONFLICT ("instanceSeq", ${k}) DO UPDATE SET
        "bytesIn" = ${t}."bytesIn" + excluded."bytesIn",
        "bytesOut" = ${t}."bytesOut" + excluded."bytesOut",
        "bytesInternal" = ${t}."bytesInternal" + excluded."bytesInternal",
        "inExact" = ${t}."inExact" + excluded."inExact",
        "outExact" = ${t}."outExact" + excluded."outExact"`;
  }
}
