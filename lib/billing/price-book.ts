// The price book: rates with effective dates, per team. A rate is in force from
// its effectiveFrom until the next rate of the same kind and key.
import type { Tx } from "../db";
import type { Micros } from "../money";
import { parseDollars } from "../money";
import { BUILTIN_TYPES } from "../control-plane/catalog/seed-data";

export type RateKind = "instance-hour" | "transfer-in" | "transfer-out" | "eip-idle";

export interface RateRow {
  kind: string;
  key: string;
  micros: bigint;
  effectiveFrom: Date;
}

/** The 2008 book: hourly per type, data in $0.10/GB, out in marginal tiers, idle EIP $0.01/h. */
export function book2008(): { kind: RateKind; key: string; micros: Micros }[] {
  return [
    ...BUILTIN_TYPES.map((t) => ({ kind: "instance-hour" as const, key: t.name, micros: parseDollars(t.hourly)! })),
    { kind: "transfer-in", key: "", micros: 100_000n },
    { kind: "transfer-out", key: "0", micros: 180_000n },
    { kind: "transfer-out", key: "10240", micros: 160_000n },
    { kind: "transfer-out", key: "51200", micros: 130_000n },
    { kind: "eip-idle", key: "", micros: 10_000n },
  ];
}

/** Writes the 2008 book for a new team, in force since the epoch of its history. */
export async function seedPriceBook(db: Tx, teamId: string, at: Date): Promise<void> {
  await db.priceBook.create({ data: { teamId, billingMode: "hourly", updatedAt: at } });
  await db.rate.createMany({
    data: book2008().map((r) => ({ teamId, kind: r.kind, key: r.key, micros: r.micros, effectiveFrom: new Date(0), createdAt: at })),
  });
}

/** The rate of one kind and key in force at `at`, from rows of any order. */
export function rateAt(rates: RateRow[], kind: RateKind, key: string, at: Date): Micros | null {
  let best: RateRow | null = null;
  for (const r of rates) {
    if (r.kind !== kind || r.key !== key || r.effectiveFrom > at) continue;
    if (!best || r.effectiveFrom > best.effectiveFrom) best = r;
  }
  return best ? best.micros : null;
}

/** Current hourly price of every instance type, for forms and the types page. */
export async function currentHourly(db: Tx, teamId: string, at: Date): Promise<Map<string, Micros>> {
  const rates = await db.rate.findMany({ where: { teamId, kind: "instance-hour", effectiveFrom: { lte: at } } });
  const out = new Map<string, Micros>();
  for (const r of rates) {
    const p = rateAt(rates, "instance-hour", r.key, at);
    if (p !== null) out.set(r.key, p);
  }
  return out;
}
