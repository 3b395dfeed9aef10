import "server-only";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit-log";
import { getCoupon, insertCoupon, insertPromotionCode, setPromotionCodeActive } from "@/db/queries/promotions";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { DomainError } from "@/lib/errors/domain-error";
import { setStripePromotionCodeActive } from "@/lib/stripe/promotions";
import { stripeFor, StripeNotConfiguredError } from "@/lib/stripe-connection/resolve";
import type { CouponFormInput, PromotionCodeFormInput } from "./coupon-input";
import { ensureStripePromotion, stripeIdIn } from "./sync-promotion";

type Actor = Pick<TenantActor, "tenantId" | "userId">;
export type PromotionSync = "synced" | "not_configured" | "portal_only" | { error: string };

export async function createCoupon(db: Db, { tenantId, userId }: Actor, input: CouponFormInput) {
  return db.transaction(async (tx) => {
    const row = await insertCoupon(tx, { tenantId, ...input });
    await recordAudit(tx, { tenantId, actorUserId: userId, action: "catalog.coupon_created", target: row.id, fields: ["name", "kind", "value", "duration", "limits"] });
    return row;
  });
}

/**
 * Adds a code to a coupon and creates it (with its coupon, the first time) in the tenant's Stripe
 * account in the active mode. Credit coupons stay in the portal. A Stripe failure keeps the code
 * (its row shows the error) and it is created at its first use instead.
 */
export async function addPromotionCode(db: Db, { tenantId, userId }: Actor, couponId: string, input: PromotionCodeFormInput): Promise<{ code: string; sync: PromotionSync }> {
  const coupon = await getCoupon(db, { tenantId, couponId });
  if (!coupon) throw new DomainError("not_found", "This coupon no longer exists.");
  if (coupon.redeemBy && input.expiresAt && input.expiresAt > coupon.redeemBy) throw new DomainError("validation_failed", "The code cannot expire after its coupon's last day.", "expiresAt");
  if (coupon.maxRedemptions && input.maxRedemptions && input.maxRedemptions > coupon.maxRedemptions) {
    throw new DomainError("validation_failed", `The coupon itself can be redeemed at most ${coupon.maxRedemptions} times.`, "maxRedemptions");
  }
  const code = await db.transaction(async (tx) => {
    const row = await insertPromotionCode(tx, { tenantId, couponId, ...input });
    if (row) await recordAudit(tx, { tenantId, actorUserId: userId, action: "catalog.promotion_code_created", target: row.id, fields: ["code", "limits"] });
    return row;
  });
  if (!code) throw new DomainError("conflict", `The code ${input.code.toUpperCase()} already exists.`, "code");
  if (coupon.kind === "credits") return { code: code.code, sync: "portal_only" };
  try {
    await ensureStripePromotion(db, await stripeFor(db, { tenantId }), { tenantId, coupon, code });
    return { code: code.code, sync: "synced" };
  } catch (error) {
    if (error instanceof StripeNotConfiguredError) return { code: code.code, sync: "not_configured" };
    if (error instanceof DomainError) return { code: code.code, sync: { error: error.message } };
    throw error;
  }
}

/** Deactivates (or reactivates) a code here and in Stripe: a deactivated code is refused at once. */
export async function setCodeActive(db: Db, { tenantId, userId }: Actor, codeId: string, active: boolean) {
  const row = await db.transaction(async (tx) => {
    const updated = await setPromotionCodeActive(tx, { tenantId, codeId, active });
    if (updated) await recordAudit(tx, { tenantId, actorUserId: userId, action: active ? "catalog.promotion_code_activated" : "catalog.promotion_code_deactivated", target: codeId, fields: ["active"] });
    return updated;
  });
  if (!row) throw new DomainError("not_found", "This code no longer exists.");
  try {
    const stripe = await stripeFor(db, { tenantId });
    const stripeId = stripeIdIn(row, stripe.mode);
    if (stripeId) await setStripePromotionCodeActive(stripe.client, stripeId, active);
  } catch (error) {
    if (!(error instanceof StripeNotConfiguredError)) throw error;
  }
  return row;
}
