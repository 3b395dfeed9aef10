import "server-only";
import type Stripe from "stripe";
import type { Coupon, PromotionCode } from "@/db/schema";
import { stripeFailure } from "./stripe-failure";

/*
 * The promotions' boundary with Stripe: portal coupons and codes in, Stripe ids and live redemption
 * counts out. Since API 2025 a promotion code names its coupon under `promotion: {type, coupon}`.
 */

const METADATA = (tenantId: string, localId: string) => ({ memberpulse_tenant_id: tenantId, memberpulse_local_id: localId });

export function couponParams(tenantId: string, c: Coupon): Stripe.CouponCreateParams {
  return {
    name: c.name,
    duration: c.duration,
    ...(c.duration === "repeating" && c.durationInMonths ? { duration_in_months: c.durationInMonths } : {}),
    ...(c.kind === "percent_off" ? { percent_off: c.percentOff ?? 0 } : { amount_off: c.amountOff ?? 0, currency: c.currency ?? "usd" }),
    ...(c.maxRedemptions ? { max_redemptions: c.maxRedemptions } : {}),
    ...(c.redeemBy ? { redeem_by: Math.floor(c.redeemBy.getTime() / 1000) } : {}),
    metadata: METADATA(tenantId, c.id),
  };
}

/** Creates the coupon; the key names the local id and mode, so a retry never makes a second one. */
export async function createStripeCoupon(client: Stripe, tenantId: string, c: Coupon, mode: string): Promise<string> {
  try {
    return (await client.coupons.create(couponParams(tenantId, c), { idempotencyKey: `memberpulse-coupon-${c.id}-${mode}` })).id;
  } catch (error) {
    stripeFailure(error, "coupons.create");
  }
}

export async function createStripePromotionCode(client: Stripe, tenantId: string, code: PromotionCode, stripeCouponId: string, mode: string): Promise<string> {
  try {
    const created = await client.promotionCodes.create(
      {
        promotion: { type: "coupon", coupon: stripeCouponId },
        code: code.code,
        ...(code.maxRedemptions ? { max_redemptions: code.maxRedemptions } : {}),
        ...(code.expiresAt ? { expires_at: Math.floor(code.expiresAt.getTime() / 1000) } : {}),
        metadata: METADATA(tenantId, code.id),
      },
      { idempotencyKey: `memberpulse-promo-${code.id}-${mode}` },
    );
    return created.id;
  } catch (error) {
    stripeFailure(error, "promotionCodes.create");
  }
}

/** What Stripe says about a code now: whether it may still be redeemed (redemptions are counted there). */
export async function retrievePromotionState(client: Stripe, id: string): Promise<{ active: boolean; timesRedeemed: number; maxRedemptions: number | null; expiresAt: number | null; couponValid: boolean }> {
  try {
    const promo = await client.promotionCodes.retrieve(id, { expand: ["promotion.coupon"] });
    const coupon = typeof promo.promotion.coupon === "object" ? promo.promotion.coupon : null;
    return { active: promo.active, timesRedeemed: promo.times_redeemed, maxRedemptions: promo.max_redemptions, expiresAt: promo.expires_at, couponValid: coupon?.valid ?? true };
  } catch (error) {
    stripeFailure(error, "promotionCodes.retrieve");
  }
}

export async function setStripePromotionCodeActive(client: Stripe, id: string, active: boolean): Promise<void> {
  try {
    await client.promotionCodes.update(id, { active });
  } catch (error) {
    stripeFailure(error, "promotionCodes.update");
  }
}
