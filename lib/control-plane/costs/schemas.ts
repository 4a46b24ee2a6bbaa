// Input rules of budgets and the price book, shared with the console's forms.
import { z } from "zod";
import { parseDollars } from "../../money";

export const budgetSchema = z.object({
  name: z.string().trim().min(1, "Give the budget a name.").max(100, "Budget names are at most 100 characters."),
  amountUsd: z.string().refine((s) => parseDollars(s) !== null && parseDollars(s)! > 0n, "The amount must be a positive amount of dollars, with at most 6 decimal places."),
  tagKey: z.string().trim().max(128, "Tag keys are at most 128 characters.").optional(),
  tagValue: z.string().trim().max(256, "Tag values are at most 256 characters.").optional(),
});
export type BudgetInput = z.input<typeof budgetSchema>;

export const priceSchema = z.string().refine((s) => parseDollars(s) !== null, "Prices are non-negative amounts with at most 6 decimal places, such as 0.10.");

export const setRateSchema = z.object({
  kind: z.enum(["instance-hour", "transfer-in", "eip-idle"], { message: "Say which price: instance-hour, transfer-in or eip-idle." }),
  key: z.string().default(""),
  price: priceSchema,
  effectiveFrom: z.string().optional(),
});
export type SetRateInput = z.input<typeof setRateSchema>;

export const setModeSchema = z.object({ mode: z.enum(["hourly", "per-second"], { message: "The billing mode is hourly or per-second." }), effectiveFrom: z.string().optional() });
export type SetModeInput = z.input<typeof setModeSchema>;
