import type { Db } from "@/db/client";
import { findEntryByKey, findPurchaseEntry, lockBalance } from "@/db/queries/credit-ledger";
import { getRefundStatus, refundedTotal } from "@/db/queries/refunded-total";
import { decideReferral, findReferralByFirstPayment, lockReferralOf } from "@/db/queries/referrals";
import { appendCredit } from "./append-credit";
import { REFERRAL_BONUS_CREDITS } from "./rules";

export type SucceededRefund = { tenantId: string; refundId: string; paymentIntentId: string; amount: number };

/**
 * Inside the webhook transaction, once per refund (key `refund:<re>`): takes back the credits the
 * refunded share of the payment granted, rounded down. If the payment was a referred member's first
 * purchase and is now fully refunded, both referral bonuses are reversed (once). The balance may go
 * negative; the ledger entry says why.
 */
export async function clawBackRefund(tx: Db, r: SucceededRefund): Promise<string[]> {
  const notes: string[] = [];
  // Its failure was recorded first (events arrive out of order): the money never left, so neither do the credits.
  if (FAILED_REFUND_STATUSES.includes(await getRefundStatus(tx, r))) return notes;
  const purchase = await findPurchaseEntry(tx, { tenantId: r.tenantId, paymentIntentId: r.paymentIntentId });
  if (purchase && purchase.sourceAmount && purchase.sourceAmount > 0) {
    const share = Math.min(r.amount, purchase.sourceAmount);
    const credits = Math.floor((purchase.delta * share) / purchase.sourceAmount);
    if (credits > 0) {
      const result = await appendCredit(tx, {
        tenantId: r.tenantId,
        userId: purchase.userId,
        delta: -credits,
        reason: "refund",
        description: `Refund of ${purchase.description}`,
        idempotencyKey: `refund:${r.refundId}`,
        stripePaymentIntentId: r.paymentIntentId,
        stripeRefundId: r.refundId,
      });
      if (result.status === "applied") notes.push(`credits -${credits}`);
    }
  }
  const reversed = await reverseReferralIfFullyRefunded(tx, r);
  if (reversed) notes.push(reversed);
  return notes;
}

const FAILED_REFUND_STATUSES: (string | null)[] = ["failed", "canceled"];

/**
 * A refund that later failed (or was canceled) gave no money back: the credits its clawback took
 * are restored, once (key `refund_failed:<re>`). Nothing happens when nothing was taken.
 */
export async function restoreFailedRefund(tx: Db, r: { tenantId: string; refundId: string }): Promise<string[]> {
  const clawback = await findEntryByKey(tx, { tenantId: r.tenantId, idempotencyKey: `refund:${r.refundId}` });
  if (!clawback || clawback.delta >= 0) return [];
  const result = await appendCredit(tx, {
    tenantId: r.tenantId,
    userId: clawback.userId,
    delta: -clawback.delta,
    reason: "refund_failed",
    description: `${clawback.description} failed: credits restored`,
    idempotencyKey: `refund_failed:${r.refundId}`,
    stripePaymentIntentId: clawback.stripePaymentIntentId,
    stripeRefundId: r.refundId,
  });
  return result.status === "applied" ? [`credits +${-clawback.delta} (refund failed)`] : [];
}

async function reverseReferralIfFullyRefunded(tx: Db, r: SucceededRefund): Promise<string | null> {
  const candidate = await findReferralByFirstPayment(tx, { tenantId: r.tenantId, paymentIntentId: r.paymentIntentId });
  if (!candidate || candidate.status !== "rewarded" || candidate.firstPaymentAmount == null) return null;
  const refunded = await refundedTotal(tx, { tenantId: r.tenantId, paymentIntentId: r.paymentIntentId });
  if (refunded < candidate.firstPaymentAmount) return null;
  // Same lock order as purchases: the referred member's balance, then the referral row.
  await lockBalance(tx, { tenantId: r.tenantId, userId: candidate.referredUserId });
  const referral = await lockReferralOf(tx, { tenantId: r.tenantId, referredUserId: candidate.referredUserId });
  if (!referral || referral.status !== "rewarded") return null;
  const referred = referral.referredUserId;
  await appendCredit(tx, {
    tenantId: r.tenantId,
    userId: referred,
    delta: -REFERRAL_BONUS_CREDITS,
    reason: "referral_bonus_reversal",
    description: "Your first purchase was fully refunded, so the welcome bonus was taken back",
    idempotencyKey: `referral_bonus_reversal:${referred}`,
    stripePaymentIntentId: r.paymentIntentId,
    stripeRefundId: r.refundId,
    relatedUserId: referral.referrerUserId,
  });
  await appendCredit(tx, {
    tenantId: r.tenantId,
    userId: referral.referrerUserId,
    delta: -REFERRAL_BONUS_CREDITS,
    reason: "referral_reward_reversal",
    description: "The first purchase of a member you referred was fully refunded",
    idempotencyKey: `referral_reward_reversal:${referred}`,
    stripePaymentIntentId: r.paymentIntentId,
    stripeRefundId: r.refundId,
    relatedUserId: referred,
  });
  await decideReferral(tx, { tenantId: r.tenantId, id: referral.id, status: "reversed" });
  return "referral: bonuses reversed";
}
