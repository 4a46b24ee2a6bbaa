// Issue 6 targets, on 1,000 instances × 365 days of metering: breakdown by
// type for the year < 500 ms; by day for a month < 200 ms; CSV export of the
// year by instance and day < 3 s; database size for the year < 200 MB.
import fs from "node:fs";
import path from "node:path";
import { benchWorld, ms, now, stats } from "./world";
import { launchInstances } from "../lib/control-plane/instances/launch";
import { terminateInstances } from "../lib/control-plane/instances/actions";
import { Reconciler } from "../lib/reconciler/reconciler";
import { SimProvider } from "../lib/providers/sim";
import { costReport } from "../lib/control-plane/costs/report";
import { exportCosts } from "../lib/control-plane/costs/export";
import { toCsv } from "../lib/csv";

const DAY = 86_400_000;

export async function costsBench() {
  const w = await benchWorld("2025-01-01T00:00:00Z");
  const t0 = Date.parse("2025-01-01T00:00:00Z");
  const types = [
    ["ami-f937d290", "m1.small"],
    ["ami-f51aff9c", "m1.large"],
    ["ami-f51aff9c", "m1.xlarge"],
  ];
  for (let i = 0; i < 10; i++) {
    const [imageId, instanceType] = types[i % 3];
    await launchInstances({ ctx: w.ctx, input: { imageId, instanceType, minCount: 100, tags: [{ key: "env", value: i % 2 ? "prod" : "dev" }, { key: "team", value: `t${i}` }] } });
  }
  w.clock.advance(120);
  await new Reconciler(w.db, w.clock, new Map([["sim", new SimProvider()]])).tick();
  // A tenth of the fleet is terminated mid-year.
  w.clock.set(new Date(t0 + 182 * DAY));
  const gone = await w.db.instance.findMany({ take: 100, orderBy: { seq: "desc" }, select: { id: true } });
  await terminateInstances({ ctx: w.ctx, input: { instanceIds: gone.map((g) => g.id) } });
  w.clock.advance(60);
  await new Reconciler(w.db, w.clock, new Map([["sim", new SimProvider()]])).tick();
  // A year of metering rows (as the meter writes them): daily per instance, hourly for the last 14 days.
  const t = now();
  await w.db.$executeRawUnsafe(`
    WITH RECURSIVE d(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM d WHERE x < 364)
    INSERT INTO "TrafficDay" ("instanceSeq", "day", "bytesIn", "bytesOut", "bytesInternal", "inExact", "outExact")
    SELECT i."seq", ${t0 / DAY} + d.x, 50000000 + (i."seq" * 7919 + d.x * 104729) % 900000000, 200000000 + (i."seq" * 6007 + d.x * 7727) % 3000000000, 10000000,
      (50000000 + (i."seq" * 7919 + d.x * 104729) % 900000000) * 100000, (200000000 + (i."seq" * 6007 + d.x * 7727) % 3000000000) * 180000
    FROM "Instance" i, d WHERE d.x < 182 OR i."terminatedAt" IS NULL`);
  await w.db.$executeRawUnsafe(`
    WITH RECURSIVE h(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM h WHERE x < 335)
    INSERT INTO "TrafficHour" ("instanceSeq", "hour", "bytesIn", "bytesOut", "bytesInternal", "inExact", "outExact")
    SELECT i."seq", ${(t0 + 351 * DAY) / 3_600_000} + h.x, 2000000, 9000000, 400000, 2000000 * 100000, 9000000 * 180000
    FROM "Instance" i, h WHERE i."terminatedAt" IS NULL`);
  const seedMs = ms(t);
  w.clock.set(new Date(t0 + 365 * DAY - 1));

  const time = async (fn: () => Promise<unknown>, n: number) => {
    const samples: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = now();
      await fn();
      samples.push(ms(s));
    }
    return stats(samples.slice(1));
  };
  const yearByType = await time(() => costReport({ ctx: w.ctx, input: { from: "2025-01-01", to: "2026-01-01", groupBy: "type", compare: false } }), 6);
  const yearByTypeWithComparison = await time(() => costReport({ ctx: w.ctx, input: { from: "2025-01-01", to: "2026-01-01", groupBy: "type" } }), 4);
  const monthByDay = await time(() => costReport({ ctx: w.ctx, input: { from: "2025-12-01", to: "2026-01-01", groupBy: "day", compare: false } }), 11);
  const monthByTag = await time(() => costReport({ ctx: w.ctx, input: { from: "2025-12-01", to: "2026-01-01", groupBy: "tag:team" } }), 6);
  let rows = 0;
  let bytes = 0;
  const csv = await time(async () => {
    rows = 0;
    bytes = 0;
    const gen = await exportCosts({ ctx: w.ctx, input: { from: "2025-01-01", to: "2026-01-01", groupBy: "instance" } });
    // As the route does: each batch of rows stringified and sent as it comes.
    for await (const batch of gen()) {
      rows += batch.length;
      bytes += toCsv(batch).length;
    }
  }, 2);
  await w.db.$executeRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
  const size = ["", "-wal", "-shm"].reduce((s, ext) => s + (fs.existsSync(w.file + ext) ? fs.statSync(w.file + ext).size : 0), 0);
  const counts = { trafficDays: await w.db.trafficDay.count(), trafficHours: await w.db.trafficHour.count(), instances: await w.db.instance.count() };
  await w.db.$disconnect();
  fs.rmSync(path.dirname(w.file), { recursive: true, force: true });
  return {
    ...counts,
    seedMs: Math.round(seedMs),
    yearByTypeMs: yearByType,
    yearByTypeWithPreviousPeriodMs: yearByTypeWithComparison,
    monthByDayMs: monthByDay,
    monthByTagMs: monthByTag,
    csvYearByInstanceAndDay: { ms: csv, rows, megabytes: +(bytes / 1e6).toFixed(1) },
    databaseMb: +(size / 1e6).toFixed(1),
    targets: { yearByTypeMs: "< 500", monthByDayMs: "< 200", csvMs: "< 3000", databaseMb: "< 200" },
  };
}
