import type { Db } from "@/db/client";
import { findMemberCustomerId } from "@/db/queries/member-stripe-customers";
import { listSavedCards } from "@/db/queries/saved-cards";
import { logger } from "@/lib/log";
import { cardLabel } from "@/lib/payments/checkout-context";
import { getDefaultPaymentMethodId } from "@/lib/stripe/customers";
import { stripeFor, StripeNotConfiguredError } from "@/lib/stripe-connection/resolve";

export type SavedCardView = { id: string; label: string; isDefault: boolean };

export type PaymentMethodsPage =
  | { kind: "not_configured" }
  | { kind: "ready"; publishableKey: string; cards: SavedCardView[]; defaultUnknown: boolean };

/**
 * The member's cards in the active mode, from the webhook projection. Which one is the default
 * lives on the Stripe customer (invoice_settings), so it is read from Stripe; if Stripe cannot
 * answer, the list still shows and says the default is unknown instead of guessing.
 */
export async function loadPaymentMethods(db: Db, { tenantId, userId }: { tenantId: string; userId: string }): Promise<PaymentMethodsPage> {
  let stripe;
  try {
    stripe = await stripeFor(db, { tenantId });
  } catch (error) {
    if (error instanceof StripeNotConfiguredError) return { kind: "not_configured" };
    throw error;
  }
  const customerId = await findMemberCustomerId(db, { tenantId, userId, mode: stripe.mode });
  if (!customerId) return { kind: "ready", publishableKey: stripe.publishableKey, cards: [], defaultUnknown: false };
  const rows = await listSavedCards(db, { tenantId, mode: stripe.mode, stripeCustomerId: customerId });
  let defaultId: string | null = null;
  let defaultUnknown = false;
  if (rows.length > 0) {
    try {
      defaultId = await getDefaultPaymentMethodId(stripe.client, customerId);
    } catch (error) {
      logger.warn("payment_methods.default_unavailable", { tenantId, error });
      defaultUnknown = true;
    }
  }
  const cards = rows.map((c) => ({ id: c.id, label: cardLabel(c), isDefault: c.id === defaultId }));
  return { kind: "ready", publishableKey: stripe.publishableKey, cards, defaultUnknown };
}
