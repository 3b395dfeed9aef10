import { z } from "zod";
import { PRODUCT_KINDS } from "@/db/schema";
import { amountLimitMessage, MAX_CREDITS_PER_ENTRY, MAX_STRIPE_AMOUNT, parseMoney } from "@/lib/money";

export const PRODUCT_KIND_LABELS = {
  membership_plan: "Membership plan",
  event_ticket: "Event ticket",
  credit_package: "Credit package",
  other: "Other",
} as const;

const CURRENCIES = ["usd", "eur", "gbp", "jpy", "cad", "aud", "chf"] as const;
export const SUPPORTED_CURRENCIES = CURRENCIES;

export const productSchema = z.object({
  kind: z.enum(PRODUCT_KINDS, { error: "Choose a kind." }),
  name: z.string().trim().min(1, "Enter a name.").max(120, "Keep the name under 120 characters."),
  description: z
    .string()
    .trim()
    .max(500, "Keep the description under 500 characters.")
    .transform((v) => (v === "" ? null : v)),
  entitlementSetIds: z.array(z.uuid()).default([]),
});

/** Free trial days of a recurring price: blank or 0 is none; Stripe allows up to 730. */
export const TRIAL_DAYS = z
  .string()
  .trim()
  .default("")
  .transform((v) => (v === "" ? null : Number(v)))
  .refine((v) => v === null || (Number.isInteger(v) && v >= 0 && v <= 730), "Trial days must be a whole number from 0 to 730.")
  .transform((v) => (v ? v : null));

/** Billing as one field: "one_time", "month" or "year". */
export const priceSchema = z
  .object({
    amount: z.string().trim().min(1, "Enter an amount."),
    currency: z.enum(CURRENCIES, { error: "Choose a currency." }),
    billing: z.enum(["one_time", "month", "year"], { error: "Choose how often it is billed." }),
    intervalCount: z.coerce.number().int().min(1, "At least 1.").max(12, "At most 12.").default(1),
    credits: z
      .string()
      .trim()
      .default("")
      .transform((v) => (v === "" ? null : Number(v)))
      .refine((v) => v === null || (Number.isInteger(v) && v > 0 && v <= MAX_CREDITS_PER_ENTRY), "Credits must be a whole number from 1 to 10,000,000."),
    trialDays: TRIAL_DAYS,
  })
  .transform((v, ctx) => {
    const amount = parseMoney(v.amount, v.currency);
    if (amount === null || amount < 0) {
      ctx.addIssue({ code: "custom", path: ["amount"], message: v.currency === "jpy" ? "Enter a whole amount, e.g. 1500." : "Enter an amount like 12.50." });
      return z.NEVER;
    }
    if (amount > MAX_STRIPE_AMOUNT) {
      ctx.addIssue({ code: "custom", path: ["amount"], message: amountLimitMessage(v.currency) });
      return z.NEVER;
    }
    return {
      amount,
      currency: v.currency,
      type: v.billing === "one_time" ? ("one_time" as const) : ("recurring" as const),
      interval: v.billing === "one_time" ? null : v.billing,
      intervalCount: v.billing === "one_time" ? null : v.intervalCount,
      credits: v.credits,
      trialDays: v.billing === "one_time" ? null : v.trialDays,
      nickname: null,
    };
  });

export type ProductFormInput = z.infer<typeof productSchema>;
export type PriceFormInput = z.infer<typeof priceSchema>;

export const entitlementSetSchema = z.object({
  name: z.string().trim().min(1, "Enter a name.").max(80),
  description: z
    .string()
    .trim()
    .max(300)
    .transform((v) => (v === "" ? null : v)),
  featureKeys: z
    .string()
    .transform((v) => [...new Set(v.split(/[,\n]/).map((k) => k.trim().toLowerCase()).filter(Boolean))])
    .refine((keys) => keys.length > 0, "Enter at least one feature key.")
    .refine((keys) => keys.every((k) => /^[a-z0-9][a-z0-9._-]{0,63}$/.test(k)), "Feature keys use lowercase letters, digits, dots, dashes (e.g. member-area)."),
});
export type EntitlementSetFormInput = z.infer<typeof entitlementSetSchema>;
