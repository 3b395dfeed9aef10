import { and, eq } from "drizzle-orm";
import type { Db } from "../client";
import { paymentMethods, type StripeMode } from "../schema";

type CustomerScope = { tenantId: string; mode: StripeMode; stripeCustomerId: string };

function ownCard({ tenantId, mode, stripeCustomerId }: CustomerScope) {
  return and(
    eq(paymentMethods.tenantId, tenantId),
    eq(paymentMethods.mode, mode),
    eq(paymentMethods.stripeCustomerId, stripeCustomerId),
    eq(paymentMethods.detached, false),
    eq(paymentMethods.type, "card"),
  );
}

const cardColumns = {
  id: paymentMethods.stripePaymentMethodId,
  brand: paymentMethods.cardBrand,
  last4: paymentMethods.cardLast4,
  expMonth: paymentMethods.cardExpMonth,
  expYear: paymentMethods.cardExpYear,
};

/** The member's saved cards (payment_method webhooks keep this current). */
export async function listSavedCards(db: Db, scope: CustomerScope) {
  return db.select(cardColumns).from(paymentMethods).where(ownCard(scope)).orderBy(paymentMethods.createdAt);
}

/** One of the customer's attached cards, or undefined (someone else's, detached or unknown). */
export async function getSavedCard(db: Db, scope: CustomerScope & { paymentMethodId: string }) {
  const [row] = await db
    .select(cardColumns)
    .from(paymentMethods)
    .where(and(ownCard(scope), eq(paymentMethods.stripePaymentMethodId, scope.paymentMethodId)))
    .limit(1);
  return row;
}
