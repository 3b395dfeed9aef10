import "server-only";
import type { Db } from "@/db/client";
import { findPromotionCode, stripePromotionStatesOf } from "@/db/queries/promotions";
import type { Coupon } from "@/db/schema";
import { DomainError } from "@/lib/errors/domain-error";
import { formatDate } from "@/lib/format-date-time";
import { formatMoney } from "@/lib/money";
import { retrievePromotionState } from "@/lib/stripe/promotions";
import type { ResolvedStripe } from "@/lib/stripe-connection/resolve";
import { ensureStripePromotion, stripeIdIn } from "./sync-promotion";

export type AppliedPromotion = {
  code: string;
  stripePromotionCodeId: string;
  /** "25% off for 3 months", "$5.00 off the first payment". */
  label: string;
  /** Off the first charge, in the price's currency (minor units). */
  discount: number;
  /** What the first charge comes to. */
  total: number;
};

const invalid = (message: string) => new DomainError("validation_failed", message, "promotionCode");

function durationLabel(c: Coupon, recurring: boolean): string {
  if (!recurring || c.duration === "once") return recurring ? " on the first payment" : "";
  if (c.duration === "forever") return " on every payment";
  return ` for ${c.durationInMonths} month${c.durationInMonths === 1 ? "" : "s"}`;
}

export function discountOf(c: Coupon, amount: number): number {
  if (c.kind === "percent_off") return Math.round((amount * (c.percentOff ?? 0)) / 100);
  if (c.kind === "amount_off") return Math.min(c.amountOff ?? 0, amount);
  return 0;
}

/**
 * A member's promotion code for a price of `amount` in `currency`: the tenant's own code (another
 * tenant's, or a made-up one, is "not valid"), active, not expired, not used up — the portal's
 * rules first, then what Stripe's events said (a coupon deleted in the Dashboard), then Stripe's
 * count of redemptions — and a discount that fits the currency. Returns
 * the Stripe promotion code to send and the discount to show; the amount is always the catalog's.
 */
export async function resolvePromotion(db: Db, stripe: ResolvedStripe, input: { tenantId: string; code: string; amount: number; currency: string; recurring: boolean }): Promise<AppliedPromotion> {
  const found = await findPromotionCode(db, { tenantId: input.tenantId, code: input.code.trim() });
  if (!found) throw invalid(`The code “${input.code.trim().toUpperCase()}” is not valid.`);
  const { code, coupon } = found;
  const now = Date.now();
  if (coupon.kind === "credits") throw invalid("This code adds credits to your balance: redeem it on your Credits page.");
  if (!code.active) throw invalid("This promotion code is no longer active.");
  if (code.expiresAt && code.expiresAt.getTime() <= now) throw invalid(`This promotion code expired on ${formatDate(code.expiresAt)}.`);
  if (coupon.redeemBy && coupon.redeemBy.getTime() <= now) throw invalid(`This promotion ended on ${formatDate(coupon.redeemBy)}.`);
  if (coupon.kind === "amount_off" && coupon.currency !== input.currency) throw invalid(`This code only applies to prices in ${(coupon.currency ?? "").toUpperCase()}.`);
  const stripeCouponId = stripeIdIn(coupon, stripe.mode);
  if (stripeCouponId) {
    const projected = (await stripePromotionStatesOf(db, { tenantId: input.tenantId, mode: stripe.mode, stripeIds: [stripeCouponId] })).get(stripeCouponId);
    if (projected?.state === "deleted") throw invalid("This promotion has ended.");
  }
  const stripePromotionCodeId = await ensureStripePromotion(db, stripe, { tenantId: input.tenantId, coupon, code });
  const state = await retrievePromotionState(stripe.client, stripePromotionCodeId);
  if (!state.active) throw invalid("This promotion code is no longer active.");
  if ((state.maxRedemptions !== null && state.timesRedeemed >= state.maxRedemptions) || !state.couponValid) {
    throw invalid("This promotion code has already been used the maximum number of times.");
  }
  const discount = discountOf(coupon, input.amount);
  const off = coupon.kind === "percent_off" ? `${coupon.percentOff}% off` : `${formatMoney(coupon.amountOff ?? 0, coupon.currency ?? input.currency)} off`;
  return { code: code.code.toUpperCase(), stripePromotionCodeId, label: `${off}${durationLabel(coupon, input.recurring)}`, discount, total: input.amount - discount };
}
