// Monthly budgets per team (optionally per tag value), their status against
// spend and forecast, and the alerts: 80% of forecast or 100% of actual,
// raised once per budget and month, on the dashboard and in the audit log.
import { z } from "zod";
import { defineVerb } from "../verb";
import { budgetSchema } from "./schemas";
import { ServiceError } from "../../errors";
import { newUuid } from "../../ids";
import { formatMoney, parseDollars, toDecimal } from "../../money";
import { forecastMonth } from "./report";
import type { Ctx } from "../context";
import { systemCtx } from "../system";
import { auditedWrite, authorOf } from "../audit";
import type { Db } from "../../db";
import type { Clock } from "../../clock";

export { budgetSchema };

async function status(ctx: Ctx, b: { id: string; name: string; amountMicros: bigint; tagKey: string | null; tagValue: string | null }) {
  const f = await forecastMonth(ctx, b.tagKey ? { kind: "tag", value: b.tagValue ? `${b.tagKey}=${b.tagValue}` : b.tagKey } : undefined);
  const pct = (m: bigint) => Number((m * 10000n) / b.amountMicros) / 100;
  return {
    id: b.id,
    name: b.name,
    scope: b.tagKey ? `tag ${b.tagKey}${b.tagValue ? `=${b.tagValue}` : ""}` : "whole team",
    amount: toDecimal(b.amountMicros),
    month: f.month,
    actual: toDecimal(f.actualMicros),
    forecast: toDecimal(f.forecastMicros),
    actualPercent: pct(f.actualMicros),
    forecastPercent: pct(f.forecastMicros),
    actualMicros: f.actualMicros,
    forecastMicros: f.forecastMicros,
  };
}

export const listBudgets = defineVerb({
  kind: "read",
  name: "DescribeBudgets",
  permission: "costs.read",
  input: z.object({}),
  async run({ ctx }) {
    const rows = await ctx.db.budget.findMany({ where: { teamId: ctx.team.id }, orderBy: { createdAt: "asc" } });
    const out = [];
    for (const b of rows) {
      const { actualMicros: _a, forecastMicros: _f, ...s } = await status(ctx, b);
      out.push(s);
    }
    return out;
  },
});

export const createBudget = defineVerb({
  kind: "write",
  name: "CreateBudget",
  permission: "budgets.write",
  input: budgetSchema,
  failureTargets: (i) => [i.name],
  async run({ ctx, input, audit }) {
    if (input.tagValue && !input.tagKey) throw new ServiceError("InvalidParameterValue", "A tag value needs a tag key.", "tagKey");
    const id = newUuid();
    await ctx.db.budget.create({ data: { id, teamId: ctx.team.id, name: input.name, amountMicros: parseDollars(input.amountUsd)!, tagKey: input.tagKey || null, tagValue: input.tagValue || null, createdAt: ctx.clock.now() } });
    audit.targets(id);
    audit.detail(`${input.name}: $${input.amountUsd}/month${input.tagKey ? ` for tag ${input.tagKey}${input.tagValue ? `=${input.tagValue}` : ""}` : ""}`);
    return { id };
  },
});

export const deleteBudget = defineVerb({
  kind: "write",
  name: "DeleteBudget",
  permission: "budgets.write",
  input: z.object({ id: z.string().min(1) }),
  failureTargets: (i) => [i.id],
  async run({ ctx, input, audit }) {
    const b = await ctx.db.budget.findFirst({ where: { id: input.id, teamId: ctx.team.id } });
    if (!b) throw new ServiceError("ResourceNotFound", "That budget does not exist.", "id");
    await ctx.db.budget.delete({ where: { id: b.id } });
    audit.targets(b.id);
    audit.detail(b.name);
    return { id: b.id };
  },
});

export const listBudgetAlerts = defineVerb({
  kind: "read",
  name: "DescribeBudgetAlerts",
  permission: "costs.read",
  input: z.object({}),
  async run({ ctx }) {
    const month = ctx.clock.now().toISOString().slice(0, 7);
    const rows = await ctx.db.budgetAlert.findMany({ where: { teamId: ctx.team.id, month }, orderBy: { firedAt: "desc" } });
    const names = new Map((await ctx.db.budget.findMany({ where: { teamId: ctx.team.id } })).map((b) => [b.id, b.name]));
    return rows.map((r) => ({
      id: r.id,
      budget: names.get(r.budgetId) ?? "(deleted budget)",
      kind: r.kind,
      month: r.month,
      amount: toDecimal(r.amountMicros),
      threshold: toDecimal(r.thresholdMicros),
      firedAt: r.firedAt.toISOString(),
      message:
        r.kind === "actual-100"
          ? `${names.get(r.budgetId) ?? "A budget"}: spend this month (${formatMoney(r.amountMicros)}) has passed the budget (${formatMoney(r.thresholdMicros)}).`
          : `${names.get(r.budgetId) ?? "A budget"}: the month-end forecast (${formatMoney(r.amountMicros)}) is over 80% of the budget (${formatMoney(r.thresholdMicros)}).`,
    }));
  },
});

/** Raises alerts for every team's budgets (the meter calls this after each pass). */
export async function checkBudgets(db: Db, clock: Clock): Promise<number> {
  const budgets = await db.budget.findMany();
  let fired = 0;
  for (const b of budgets) {
    const team = await db.team.findUnique({ where: { id: b.teamId }, select: { id: true, name: true } });
    if (!team) continue;
    const ctx = systemCtx(db, clock, team, "budgets");
    const s = await status(ctx, b);
    const checks: [string, boolean, bigint, bigint][] = [
      ["forecast-80", s.forecastMicros * 100n >= b.amountMicros * 80n, s.forecastMicros, (b.amountMicros * 80n) / 100n],
      ["actual-100", s.actualMicros >= b.amountMicros, s.actualMicros, b.amountMicros],
    ];
    for (const [kind, crossed, amount, threshold] of checks) {
      if (!crossed) continue;
      const exists = await db.budgetAlert.findUnique({ where: { budgetId_month_kind: { budgetId: b.id, month: s.month, kind } } });
      if (exists) continue;
      try {
        await auditedWrite(db, authorOf(ctx), async (tx, audit) => {
          await tx.budgetAlert.create({ data: { budgetId: b.id, teamId: b.teamId, month: s.month, kind, amountMicros: amount, thresholdMicros: threshold, firedAt: ctx.clock.now() } });
          audit({ action: "BudgetAlert", targets: [b.id], details: `${b.name}: ${kind === "actual-100" ? "actual spend reached 100%" : "forecast reached 80%"} of $${toDecimal(b.amountMicros)} (${kind === "actual-100" ? "spent" : "forecast"} $${toDecimal(amount)}) in ${s.month}` });
        });
      } catch (e) {
        // Raised meanwhile by another check (two leaders for a moment): the
        // alert's key is unique, so it stands once, with its one audit record.
        if ((e as { code?: unknown }).code === "P2002") continue;
        throw e;
      }
      fired++;
    }
  }
  return fired;
}
