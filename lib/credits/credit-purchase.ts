import type { Db } from "@/db/client";
import { getCreditPackagePrice } from "@/db/queries/credit-packages";
import { lockBalance } from "@/db/queries/credit-ledger";
import { decideReferral, lockReferralDecisions, lockReferralOf } from "@/db/queries/referrals";
import { listSucceededRefunds } from "@/db/queries/refunded-total";
import { appendCredit } from "./append-credit";
import { clawBackRefund } from "./claw-back-refund";
import { referralRefusal, type BuyerCard } from "./referral-guard";
import { REFERRAL_BONUS_CREDITS, REFERRAL_MIN_FIRST_PURCHASE } from "./rules";

/** A member's completed one-time payment, as the webhook learned it. */
export type CompletedPurchase = {
  tenantId: string;
  userId: string;
  paymentIntentId: string;
  /** Minor units actually paid. */
  amount: number;
  priceId: string | null;
  /** A custom top-up (no catalog price): credits = the amount paid. */
  topUp?: boolean;
  /** Whether a referral of this member waits for a first purchase (read with their membership: getBuyerStanding). */
  referralPending: boolean;
};

/**
 * The card and customer that paid. Only asked for a first purchase that would earn the bonus; may
 * throw the engine's RetrieveFirst (the transaction then runs again with the retrieved copy).
 */
export type IdentifyBuyer = () => Promise<BuyerCard>;

/**
 * Inside the webhook's exactly-once transaction: grants a credit package's credits (key
 * `purchase:<pi>`) and settles the member's referral if this is their first purchase. Every write
 * is keyed, so a replay of the same payment changes nothing. Returns short notes for the event log.
 */
export async function creditCompletedPurchase(tx: Db, p: CompletedPurchase, identifyBuyer: IdentifyBuyer): Promise<string[]> {
  const notes: string[] = [];
  // Before any balance lock (lock order: decisions, then balances), and only when there is a
  // referral to decide, so ordinary purchases of a tenant do not queue behind each other.
  const { referralPending } = p;
  if (referralPending) await lockReferralDecisions(tx, p);
  const pkg = p.priceId ? await getCreditPackagePrice(tx, { tenantId: p.tenantId, priceId: p.priceId }) : undefined;
  if (pkg && pkg.credits > 0) {
    const result = await appendCredit(tx, {
      tenantId: p.tenantId,
      userId: p.userId,
      delta: pkg.credits,
      reason: "purchase",
      description: pkg.nickname ? `${pkg.name} (${pkg.nickname})` : pkg.name,
      idempotencyKey: `purchase:${p.paymentIntentId}`,
      stripePaymentIntentId: p.paymentIntentId,
      sourceAmount: p.amount,
    });
    if (result.status === "applied") notes.push(`credits +${pkg.credits}`);
  } else if (!pkg && p.topUp && p.amount > 0) {
    const result = await appendCredit(tx, {
      tenantId: p.tenantId,
      userId: p.userId,
      delta: p.amount,
      reason: "purchase",
      description: "Credit top-up",
      idempotencyKey: `purchase:${p.paymentIntentId}`,
      stripePaymentIntentId: p.paymentIntentId,
      sourceAmount: p.amount,
    });
    if (result.status === "applied") notes.push(`credits +${p.amount} (top-up)`);
  }
  // No referral was pending: nothing to decide (a decided one never becomes pending again), and no
  // locks to take — most purchases are not a referred member's first.
  const referral = referralPending ? await settleReferral(tx, p, identifyBuyer) : null;
  if (referral) notes.push(referral);
  // Stripe does not promise order: refunds seen before this payment's event are applied now (each
  // keyed by its refund id, so one that was already applied is not applied again).
  for (const r of await listSucceededRefunds(tx, { tenantId: p.tenantId, paymentIntentId: p.paymentIntentId })) {
    notes.push(...(await clawBackRefund(tx, { tenantId: p.tenantId, refundId: r.refundId, paymentIntentId: p.paymentIntentId, amount: r.amount })));
  }
  return notes;
}

/**
 * The referred member's first completed purchase decides their referral, once: at least the
 * threshold → both bonuses, unless the referral guard refuses the card or customer (flagged, with
 * the reason); below it → no bonus. Either way no later purchase is "first" any more.
 */
async function settleReferral(tx: Db, p: CompletedPurchase, identifyBuyer: IdentifyBuyer): Promise<string | null> {
  // Balance before referral row: the same lock order as the purchase grant, so two payments of one
  // member cannot deadlock each other.
  await lockBalance(tx, p);
  const referral = await lockReferralOf(tx, { tenantId: p.tenantId, referredUserId: p.userId });
  if (!referral || referral.status !== "pending") return null;
  const decided = { tenantId: p.tenantId, id: referral.id, firstPaymentIntentId: p.paymentIntentId, firstPaymentAmount: p.amount };
  if (p.amount < REFERRAL_MIN_FIRST_PURCHASE) {
    await decideReferral(tx, { ...decided, status: "not_qualified" });
    return "referral: first purchase below the bonus threshold";
  }
  const buyer = await identifyBuyer();
  const card = { firstPaymentFingerprint: buyer.fingerprint, firstPaymentCustomerId: buyer.customerId };
  const refusal = await referralRefusal(tx, { tenantId: p.tenantId, referralId: referral.id, referrerUserId: referral.referrerUserId }, buyer);
  if (refusal) {
    await decideReferral(tx, { ...decided, ...card, status: "flagged", flagReason: refusal });
    return `referral flagged: ${refusal}`;
  }
  await appendCredit(tx, {
    tenantId: p.tenantId,
    userId: p.userId,
    delta: REFERRAL_BONUS_CREDITS,
    reason: "referral_bonus",
    description: "Welcome bonus for joining with a referral code",
    idempotencyKey: `referral_bonus:${p.userId}`,
    stripePaymentIntentId: p.paymentIntentId,
    relatedUserId: referral.referrerUserId,
  });
  await appendCredit(tx, {
    tenantId: p.tenantId,
    userId: referral.referrerUserId,
    delta: REFERRAL_BONUS_CREDITS,
    reason: "referral_reward",
    description: "A member you referred made their first purchase",
    idempotencyKey: `referral_reward:${p.userId}`,
    stripePaymentIntentId: p.paymentIntentId,
    relatedUserId: p.userId,
  });
  await decideReferral(tx, { ...decided, ...card, status: "rewarded" });
  return "referral: bonuses paid";
}
