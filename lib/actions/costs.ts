"use server";
// Server actions for budgets and the price book.
import { withCtx } from "./result";
import type { BudgetInput, SetModeInput, SetRateInput, SetTiersInput } from "../control-plane/costs/schemas";
import { createBudget, deleteBudget } from "../control-plane/costs/budgets";
import { setRate, setTransferOutTiers, setBillingMode } from "../control-plane/costs/price-book";

export async function createBudgetAction(input: BudgetInput) {
  return withCtx((ctx) => createBudget({ ctx, input: { ...input, tagKey: input.tagKey || undefined, tagValue: input.tagValue || undefined } }));
}
export async function deleteBudgetAction(id: string) {
  return withCtx((ctx) => deleteBudget({ ctx, input: { id } }));
}
export async function setRateAction(input: SetRateInput) {
  return withCtx((ctx) => setRate({ ctx, input: { ...input, effectiveFrom: input.effectiveFrom || undefined } }));
}
export async function setTiersAction(input: SetTiersInput) {
  return withCtx((ctx) => setTransferOutTiers({ ctx, input }));
}
export async function setModeAction(input: SetModeInput) {
  return withCtx((ctx) => setBillingMode({ ctx, input: { ...input, effectiveFrom: input.effectiveFrom || undefined } }));
}
