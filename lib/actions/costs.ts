"use server";
// Server actions for budgets and the price book.
import { withCtx } from "./result";
import { createBudget, deleteBudget } from "../control-plane/costs/budgets";
import { setRate, setTransferOutTiers, setBillingMode } from "../control-plane/costs/price-book";

export async function createBudgetAction(form: { name: string; amountUsd: string; tagKey?: string; tagValue?: string }) {
  return withCtx((ctx) => createBudget({ ctx, input: { name: form.name, amountUsd: form.amountUsd, tagKey: form.tagKey || undefined, tagValue: form.tagValue || undefined } }));
}
export async function deleteBudgetAction(id: string) {
  return withCtx((ctx) => deleteBudget({ ctx, input: { id } }));
}
export async function setRateAction(kind: string, key: string, price: string, effectiveFrom: string) {
  return withCtx((ctx) => setRate({ ctx, input: { kind: kind as "eip-idle", key, price, effectiveFrom: effectiveFrom || undefined } }));
}
export async function setTiersAction(tiers: { upToGb: string; price: string }[], effectiveFrom: string) {
  return withCtx((ctx) =>
    setTransferOutTiers({ ctx, input: { tiers: tiers.map((t) => ({ upToGb: t.upToGb.trim() === "" ? null : Number(t.upToGb), price: t.price })), effectiveFrom: effectiveFrom || undefined } }),
  );
}
export async function setModeAction(mode: string, effectiveFrom: string) {
  return withCtx((ctx) => setBillingMode({ ctx, input: { mode: mode as "hourly", effectiveFrom: effectiveFrom || undefined } }));
}
