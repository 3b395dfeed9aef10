import type { Db } from "@/db/client";
import { isMembersCard, isMembersCustomer } from "@/db/queries/card-fingerprints";
import { listFlaggedReferrals, referralEarnedBy } from "@/db/queries/referrals";

/** What paid for a referred member's first purchase: the card's fingerprint and the Stripe customer. */
export type BuyerCard = { fingerprint: string | null; customerId: string | null };

/** The rule as members read it (credits page) — keep in step with referralRefusal below. */
export const REFERRAL_CARD_RULE =
  "The referral bonus is paid only when the new member pays with their own card — not one the referrer has used or saved here, and not one that already earned a referral bonus.";

/**
 * Why a qualifying first purchase must not earn the referral bonus, or null if it may. Farming
 * means a "new" member who is really the referrer (same card or Stripe customer), or one card
 * earning bonus after bonus through fresh accounts. Runs under lockReferralDecisions.
 */
export async function referralRefusal(tx: Db, r: { tenantId: string; referralId: string; referrerUserId: string }, buyer: BuyerCard): Promise<string | null> {
  const referrer = { tenantId: r.tenantId, userId: r.referrerUserId };
  if (buyer.customerId && (await isMembersCustomer(tx, { ...referrer, customerId: buyer.customerId }))) return "paid as the referrer's Stripe customer";
  if (buyer.fingerprint && (await isMembersCard(tx, { ...referrer, fingerprint: buyer.fingerprint }))) return "paid with a card the referrer has used or saved";
  const earned = await referralEarnedBy(tx, { tenantId: r.tenantId, fingerprint: buyer.fingerprint, customerId: buyer.customerId, exceptId: r.referralId });
  if (earned === "card") return "this card already earned a referral bonus";
  if (earned === "customer") return "this Stripe customer already earned a referral bonus";
  return null;
}

export type FlaggedReferral = Awaited<ReturnType<typeof listFlaggedReferrals>>[number];
