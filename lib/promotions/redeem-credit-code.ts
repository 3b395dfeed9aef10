import "server-only";
import type { Db } from "@/db/client";
import { countCouponRedemptions, countRedemptions, findPromotionCode, insertRedemption, lockPromotionCode } from "@/db/queries/promotions";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { appendCredit } from "@/lib/credits/append-credit";
import { DomainError } from "@/lib/errors/domain-error";
import { formatDate } from "@/lib/format-date-time";

const invalid = (message: string) => new DomainError("validation_failed", message, "code");

/**
 * Seed 002's "coupon redemption adds credits": a member types a credit coupon's code on the Credits
 * page and gets its credits, once per member and code, within the code's and the coupon's limits
 * and dates. One transaction holds the code's row lock while it counts, records the redemption and
 * appends the ledger entry (idempotency key per code and member), so a double click or two tabs
 * grant once and the last redemption cannot be taken twice. Nothing here talks to Stripe.
 */
export async function redeemCreditCode(db: Db, actor: TenantActor, rawCode: string): Promise<{ credits: number; balance: number; code: string }> {
  const code = rawCode.trim();
  return db.transaction(async (tx) => {
    const found = await findPromotionCode(tx, { tenantId: actor.tenantId, code });
    if (!found) throw invalid(`The code “${code.toUpperCase()}” is not valid.`);
    const { code: promo, coupon } = found;
    if (coupon.kind !== "credits") throw invalid("This is a discount code: enter it when you subscribe.");
    await lockPromotionCode(tx, { tenantId: actor.tenantId, codeId: promo.id });
    const now = Date.now();
    if (!promo.active) throw invalid("This code is no longer active.");
    if (promo.expiresAt && promo.expiresAt.getTime() <= now) throw invalid(`This code expired on ${formatDate(promo.expiresAt)}.`);
    if (coupon.redeemBy && coupon.redeemBy.getTime() <= now) throw invalid(`This promotion ended on ${formatDate(coupon.redeemBy)}.`);
    if (promo.maxRedemptions && (await countRedemptions(tx, { tenantId: actor.tenantId, codeId: promo.id })) >= promo.maxRedemptions) {
      throw invalid("This code has already been used the maximum number of times.");
    }
    if (coupon.maxRedemptions && (await countCouponRedemptions(tx, { tenantId: actor.tenantId, couponId: coupon.id })) >= coupon.maxRedemptions) {
      throw invalid("This promotion has already been used the maximum number of times.");
    }
    const credits = coupon.credits ?? 0;
    const redemption = await insertRedemption(tx, { tenantId: actor.tenantId, promotionCodeId: promo.id, userId: actor.userId, credits });
    if (!redemption) throw new DomainError("conflict", "You have already redeemed this code.", "code");
    const result = await appendCredit(tx, {
      tenantId: actor.tenantId,
      userId: actor.userId,
      delta: credits,
      reason: "coupon",
      description: `Code ${promo.code.toUpperCase()} (${coupon.name})`,
      idempotencyKey: `coupon:${promo.id}:${actor.userId}`,
    });
    return { credits, balance: result.balance, code: promo.code.toUpperCase() };
  });
}
