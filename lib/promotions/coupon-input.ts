import { z } from "zod";
import { SUPPORTED_CURRENCIES } from "@/lib/catalog/catalog-input";
import { MAX_CREDITS_PER_ENTRY, MAX_STRIPE_AMOUNT, parseMoney } from "@/lib/money";

const blankToNull = (v: string) => (v.trim() === "" ? null : v.trim());
const optionalPositiveInt = (label: string) =>
  z
    .string()
    .default("")
    .transform(blankToNull)
    .transform((v) => (v === null ? null : Number(v)))
    .refine((v) => v === null || (Number.isInteger(v) && v > 0 && v <= 1_000_000), `${label} must be a whole number from 1 upward.`);
/** A calendar day (yyyy-mm-dd) → the end of that day, UTC. */
const optionalDay = z
  .string()
  .default("")
  .transform(blankToNull)
  .refine((v) => v === null || /^\d{4}-\d{2}-\d{2}$/.test(v), "Enter a date like 2027-01-31.")
  .transform((v) => (v === null ? null : new Date(`${v}T23:59:59Z`)))
  .refine((v) => v === null || v.getTime() > Date.now(), "Choose a day in the future.");

/** The "New coupon" form: percent, amount (in a currency) or credits; how long a discount lasts; limits. */
export const couponSchema = z
  .object({
    name: z.string().trim().min(1, "Enter a name.").max(80, "Keep the name under 80 characters."),
    kind: z.enum(["percent_off", "amount_off", "credits"], { error: "Choose what the coupon gives." }),
    value: z.string().trim().min(1, "Enter how much it gives."),
    currency: z.enum(SUPPORTED_CURRENCIES).default("usd"),
    duration: z.enum(["once", "repeating", "forever"], { error: "Choose how long the discount lasts." }).default("once"),
    durationInMonths: optionalPositiveInt("Months"),
    maxRedemptions: optionalPositiveInt("Max redemptions"),
    redeemBy: optionalDay,
  })
  .transform((v, ctx) => {
    const base = { name: v.name, kind: v.kind, maxRedemptions: v.maxRedemptions, redeemBy: v.redeemBy, percentOff: null, amountOff: null, currency: null, credits: null };
    if (v.kind === "percent_off") {
      const pct = Number(v.value);
      if (!Number.isInteger(pct) || pct < 1 || pct > 100) {
        ctx.addIssue({ code: "custom", path: ["value"], message: "Enter a whole percentage from 1 to 100." });
        return z.NEVER;
      }
      return { ...base, ...durationOf(v, ctx), percentOff: pct };
    }
    if (v.kind === "amount_off") {
      const amount = parseMoney(v.value, v.currency);
      if (amount === null || amount <= 0 || amount > MAX_STRIPE_AMOUNT) {
        ctx.addIssue({ code: "custom", path: ["value"], message: "Enter an amount like 5.00." });
        return z.NEVER;
      }
      return { ...base, ...durationOf(v, ctx), amountOff: amount, currency: v.currency };
    }
    const credits = Number(v.value);
    if (!Number.isInteger(credits) || credits < 1 || credits > MAX_CREDITS_PER_ENTRY) {
      ctx.addIssue({ code: "custom", path: ["value"], message: "Enter a whole number of credits (1 credit = 1 cent)." });
      return z.NEVER;
    }
    // Credits are granted once per redemption: a duration means nothing for them.
    return { ...base, duration: "once" as const, durationInMonths: null, credits };
  });

function durationOf(v: { duration: "once" | "repeating" | "forever"; durationInMonths: number | null }, ctx: z.RefinementCtx) {
  if (v.duration === "repeating" && !v.durationInMonths) ctx.addIssue({ code: "custom", path: ["durationInMonths"], message: "Enter for how many months it repeats." });
  return { duration: v.duration, durationInMonths: v.duration === "repeating" ? v.durationInMonths : null };
}

export type CouponFormInput = z.infer<typeof couponSchema>;

/** Stripe's rule for codes: letters, digits and dashes. */
export const CODE = z
  .string()
  .trim()
  .min(1, "Enter a code.")
  .max(40, "Keep the code under 40 characters.")
  .regex(/^[A-Za-z0-9-]+$/, "Use letters, digits and dashes only.");

export const promotionCodeSchema = z.object({ code: CODE, maxRedemptions: optionalPositiveInt("Max redemptions"), expiresAt: optionalDay });
export type PromotionCodeFormInput = z.infer<typeof promotionCodeSchema>;
