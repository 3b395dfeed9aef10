import "server-only";
import type { Db } from "@/db/client";
import { setCouponStripeId, setPromotionCodeStripeId } from "@/db/queries/promotions";
import type { Coupon, PromotionCode, StripeMode } from "@/db/schema";
import { DomainError } from "@/lib/errors/domain-error";
import { createStripeCoupon, createStripePromotionCode } from "@/lib/stripe/promotions";
import type { ResolvedStripe } from "@/lib/stripe-connection/resolve";

const idIn = (row: { stripeTestId: string | null; stripeLiveId: string | null }, mode: StripeMode) => (mode === "live" ? row.stripeLiveId : row.stripeTestId);

/**
 * The code's Stripe promotion code in this mode, creating the coupon and the code there first when
 * they are missing (a code made while Stripe was down, or before switching mode). Idempotency keys
 * name the local ids, so two requests racing here create each object once. No transaction is open
 * across the calls; a failure is recorded on the row and rethrown.
 */
export async function ensureStripePromotion(db: Db, stripe: ResolvedStripe, { tenantId, coupon, code }: { tenantId: string; coupon: Coupon; code: PromotionCode }): Promise<string> {
  if (coupon.kind === "credits") throw new Error("credit coupons never reach Stripe");
  const existing = idIn(code, stripe.mode);
  if (existing) return existing;
  try {
    let couponId = idIn(coupon, stripe.mode);
    if (!couponId) {
      couponId = await createStripeCoupon(stripe.client, tenantId, coupon, stripe.mode);
      await setCouponStripeId(db, { tenantId, couponId: coupon.id, mode: stripe.mode, stripeId: couponId, error: null });
    }
    const promoId = await createStripePromotionCode(stripe.client, tenantId, code, couponId, stripe.mode);
    await setPromotionCodeStripeId(db, { tenantId, codeId: code.id, mode: stripe.mode, stripeId: promoId, error: null });
    return promoId;
  } catch (error) {
    if (error instanceof DomainError) await setPromotionCodeStripeId(db, { tenantId, codeId: code.id, mode: stripe.mode, stripeId: null, error: error.message });
    throw error;
  }
}

export { idIn as stripeIdIn };
