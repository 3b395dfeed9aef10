import { and, eq, inArray, or } from "drizzle-orm";
import type { Db } from "../client";
import { cardFingerprints, memberStripeCustomers, payments, referrals } from "../schema";

type Member = { tenantId: string; userId: string };

/** The card recorded for a PaymentIntent (from its charge.succeeded, or an earlier retrieval). */
export async function findCardOfPayment(db: Db, { tenantId, paymentIntentId }: { tenantId: string; paymentIntentId: string }) {
  const [row] = await db
    .select({ fingerprint: cardFingerprints.fingerprint, customerId: cardFingerprints.stripeCustomerId })
    .from(cardFingerprints)
    .where(and(eq(cardFingerprints.tenantId, tenantId), eq(cardFingerprints.stripePaymentIntentId, paymentIntentId)))
    .limit(1);
  return row;
}

/** The member's Stripe customers: the portal's link (one per mode) and those on their payments. */
function linkedCustomers(db: Db, { tenantId, userId }: Member, customerId?: string) {
  return db
    .select({ id: memberStripeCustomers.stripeCustomerId })
    .from(memberStripeCustomers)
    .where(and(eq(memberStripeCustomers.tenantId, tenantId), eq(memberStripeCustomers.userId, userId), customerId ? eq(memberStripeCustomers.stripeCustomerId, customerId) : undefined));
}
function paymentCustomers(db: Db, { tenantId, userId }: Member, customerId?: string) {
  return db
    .select({ id: payments.stripeCustomerId })
    .from(payments)
    .where(and(eq(payments.tenantId, tenantId), eq(payments.userId, userId), customerId ? eq(payments.stripeCustomerId, customerId) : undefined));
}

/** Is this Stripe customer one of the member's own (the portal's link, or one on their payments)? */
export async function isMembersCustomer(db: Db, member: Member & { customerId: string }): Promise<boolean> {
  const [linked] = await linkedCustomers(db, member, member.customerId).limit(1);
  if (linked) return true;
  const [paid] = await paymentCustomers(db, member, member.customerId).limit(1);
  return !!paid;
}

/**
 * Has the member paid with or saved this card in this tenant? Their customers' charges and saved
 * methods, charges of their own payments (even without a customer), and their own first purchase
 * if they joined with a referral.
 */
export async function isMembersCard(db: Db, member: Member & { fingerprint: string }): Promise<boolean> {
  const [seen] = await db
    .select({ id: cardFingerprints.id })
    .from(cardFingerprints)
    .where(
      and(
        eq(cardFingerprints.tenantId, member.tenantId),
        eq(cardFingerprints.fingerprint, member.fingerprint),
        or(
          inArray(cardFingerprints.stripeCustomerId, linkedCustomers(db, member)),
          inArray(cardFingerprints.stripeCustomerId, paymentCustomers(db, member)),
          inArray(
            cardFingerprints.stripePaymentIntentId,
            db.select({ id: payments.stripePaymentIntentId }).from(payments).where(and(eq(payments.tenantId, member.tenantId), eq(payments.userId, member.userId))),
          ),
        ),
      ),
    )
    .limit(1);
  if (seen) return true;
  const [ownReferral] = await db
    .select({ id: referrals.id })
    .from(referrals)
    .where(and(eq(referrals.tenantId, member.tenantId), eq(referrals.referredUserId, member.userId), eq(referrals.firstPaymentFingerprint, member.fingerprint)))
    .limit(1);
  return !!ownReferral;
}
