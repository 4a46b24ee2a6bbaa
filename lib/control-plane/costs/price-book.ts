// Editing the price book: a new rate takes effect from a date; the past is
// never rewritten. Transfer prices change at midnight UTC (metering is by
// day); instance-hour prices and the billing mode at any moment from now on.
import { z } from "zod";
import { defineVerb } from "../verb";
import { setRateSchema, setModeSchema, setTiersSchema } from "./schemas";
import { ServiceError } from "../../errors";
import { parseDollars, toDecimal } from "../../money";
import { Book, DAY_MS } from "../../billing/engine";
import type { Ctx, TxCtx } from "../context";
import { visibleTypes } from "../catalog/types";


/** When a change takes effect: not before now (the simulated clock), so nothing billed changes. */
function effective(ctx: Ctx | TxCtx, text: string | undefined, atMidnight: boolean): Date {
  const now = ctx.clock.now();
  let at = text ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text) : atMidnight ? new Date(Math.ceil(now.getTime() / DAY_MS) * DAY_MS) : now;
  if (Number.isNaN(at.getTime())) throw new ServiceError("InvalidParameterValue", `"${text}" is not a date (use YYYY-MM-DD or an ISO time, UTC).`, "effectiveFrom");
  // A minute's grace for "now" typed in a form.
  if (at.getTime() < now.getTime() - 60_000)
    throw new ServiceError("InvalidParameterValue", `${at.toISOString()} is in the past: a change there would rewrite periods already billed. Choose ${now.toISOString().slice(0, 16).replace("T", " ")} UTC or later.`, "effectiveFrom");
  if (at < now) at = now;
  if (atMidnight && at.getTime() % DAY_MS !== 0) throw new ServiceError("InvalidParameterValue", "Data transfer prices change at midnight UTC (metering is by day): pick a date, not a time.", "effectiveFrom");
  return at;
}

async function writeRates(ctx: TxCtx, rows: { kind: string; key: string; micros: bigint }[], at: Date) {
  await ctx.db.rate.createMany({
    data: rows.map((r) => ({ teamId: ctx.team.id, kind: r.kind, key: r.key, micros: r.micros, effectiveFrom: at, createdAt: ctx.clock.now(), createdById: ctx.actor.kind === "user" ? ctx.actor.id : null })),
  });
}

export const setRate = defineVerb({
  kind: "write",
  name: "SetPrice",
  permission: "pricebook.write",
  input: setRateSchema,
  async run({ ctx, input, audit }) {
    if (input.kind === "instance-hour") {
      const t = await ctx.db.instanceType.findFirst({ where: { name: input.key, ...visibleTypes(ctx.team.id) } });
      if (!t) throw new ServiceError("InvalidParameterValue", `There is no instance type named "${input.key}".`, "key");
    }
    const at = effective(ctx, input.effectiveFrom, input.kind === "transfer-in");
    const micros = parseDollars(input.price)!;
    await writeRates(ctx, [{ kind: input.kind, key: input.kind === "instance-hour" ? input.key : "", micros }], at);
    audit.targets(input.kind === "instance-hour" ? input.key : input.kind);
    audit.detail(`${input.kind}${input.key ? ` ${input.key}` : ""} = $${toDecimal(micros)} from ${at.toISOString()}`);
    return { effectiveFrom: at.toISOString() };
  },
});

export const setTransferOutTiers = defineVerb({
  kind: "write",
  name: "SetTransferOutTiers",
  permission: "pricebook.write",
  input: setTiersSchema,
  async run({ ctx, input, audit }) {
    // Contiguous and increasing: each tier starts where the last ended; only the last is open-ended.
    let start = 0;
    const rows: { kind: string; key: string; micros: bigint }[] = [];
    input.tiers.forEach((t, i) => {
      const last = i === input.tiers.length - 1;
      if (last && t.upToGb !== null) throw new ServiceError("InvalidParameterValue", "The last tier must have no upper bound (it covers everything above).", `tiers.${i}.upToGb`);
      if (!last && t.upToGb === null) throw new ServiceError("InvalidParameterValue", "Only the last tier can be open-ended.", `tiers.${i}.upToGb`);
      if (!last && t.upToGb! <= start) throw new ServiceError("InvalidParameterValue", `Tiers must increase: tier ${i + 1} ends at ${t.upToGb} GB, not after its start at ${start} GB.`, `tiers.${i}.upToGb`);
      rows.push({ kind: "transfer-out", key: String(start), micros: parseDollars(t.price)! });
      if (!last) start = t.upToGb!;
    });
    const at = effective(ctx, input.effectiveFrom, true);
    await writeRates(ctx, rows, at);
    audit.targets("transfer-out");
    audit.detail(rows.map((r) => `from ${r.key} GB $${toDecimal(r.micros)}`).join("; ") + ` from ${at.toISOString()}`);
    return { effectiveFrom: at.toISOString() };
  },
});

export const setBillingMode = defineVerb({
  kind: "write",
  name: "SetBillingMode",
  permission: "pricebook.write",
  input: setModeSchema,
  async run({ ctx, input, audit }) {
    const at = effective(ctx, input.effectiveFrom, false);
    await writeRates(ctx, [{ kind: "billing-mode", key: input.mode, micros: 0n }], at);
    await ctx.db.priceBook.update({ where: { teamId: ctx.team.id }, data: { billingMode: input.mode, updatedAt: ctx.clock.now() } });
    audit.targets("billing-mode");
    audit.detail(`${input.mode} from ${at.toISOString()}`);
    return { effectiveFrom: at.toISOString() };
  },
});

export const describePriceBook = defineVerb({
  kind: "read",
  name: "DescribePriceBook",
  permission: "costs.read",
  input: z.object({}),
  async run({ ctx }) {
    const rows = await ctx.db.rate.findMany({ where: { teamId: ctx.team.id }, orderBy: [{ effectiveFrom: "desc" }, { id: "desc" }] });
    const book = new Book(rows);
    const now = ctx.clock.now().getTime();
    const types = await ctx.db.instanceType.findMany({ where: visibleTypes(ctx.team.id), orderBy: { name: "asc" } });
    return {
      now: new Date(now).toISOString(),
      mode: book.mode(now),
      instanceHour: types.map((t) => ({ type: t.name, price: toDecimal(book.rate("instance-hour", t.name, now) ?? 0n) })),
      transferIn: toDecimal(book.rate("transfer-in", "", now) ?? 0n),
      transferOut: book.tiers(now).map((t, i, all) => ({ fromGb: Number(t.fromBytes >> 30n), toGb: i + 1 < all.length ? Number(all[i + 1].fromBytes >> 30n) : null, price: toDecimal(t.micros) })),
      eipIdle: toDecimal(book.rate("eip-idle", "", now) ?? 0n),
      history: rows.map((r) => ({ kind: r.kind, key: r.key, price: r.kind === "billing-mode" ? r.key : toDecimal(r.micros), effectiveFrom: r.effectiveFrom.toISOString(), scheduled: r.effectiveFrom.getTime() > now })),
    };
  },
});
