// Input rules of budgets and the price book, shared with the console's forms.
import { z } from "zod";
import { parseDollars } from "../../money";
import { plainText } from "../../text";

export const budgetSchema = z.object({
  name: plainText(z.string().trim().min(1, "Give the budget a name.").max(100, "Budget names are at most 100 characters."), "Budget names"),
  amountUsd: z.string().refine((s) => parseDollars(s) !== null && parseDollars(s)! > 0n, "The amount must be a positive amount of dollars, with at most 6 decimal places."),
  tagKey: plainText(z.string().trim().max(128, "Tag keys are at most 128 characters."), "Tag keys").optional(),
  tagValue: plainText(z.string().trim().max(256, "Tag values are at most 256 characters."), "Tag values").optional(),
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

export const setTiersSchema = z.object({
  tiers: z.array(z.object({ upToGb: z.number({ message: "Give the tier's upper bound in whole GB." }).int("Give the tier's upper bound in whole GB.").positive("Upper bounds are positive.").nullable(), price: priceSchema })).min(1, "Give at least one tier."),
  effectiveFrom: z.string().optional(),
});
export type SetTiersInput = z.input<typeof setTiersSchema>;

/** The tiers form, as typed: an upper bound of "" is no bound (the last tier). */
export interface TiersFormValues {
  tiers: { upToGb: string; price: string }[];
  effectiveFrom: string;
}
export const tiersFormSchema = z.preprocess(
  (v: TiersFormValues) => ({
    tiers: v.tiers.map((t) => ({ upToGb: t.upToGb.trim() === "" ? null : Number(t.upToGb), price: t.price })),
    effectiveFrom: v.effectiveFrom || undefined,
  }),
  setTiersSchema,
);
