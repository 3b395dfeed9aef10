import type { Db } from "@/db/client";
import type { StripeMode } from "@/db/schema";
import { logger } from "@/lib/log";
import { stripeFor } from "@/lib/stripe-connection/resolve";
import { retrieveRenewalCard } from "@/lib/stripe/subscriptions";

/**
 * The card the next renewal will charge, asked from Stripe (the projections do not carry the
 * subscription's default payment method). The page still renders when Stripe is unreachable.
 */
export async function renewalCardLabel(db: Db, { tenantId, mode, stripeSubscriptionId }: { tenantId: string; mode: StripeMode; stripeSubscriptionId: string }): Promise<string | null> {
  try {
    const stripe = await stripeFor(db, { tenantId, mode, timeoutMs: 5000, maxNetworkRetries: 0 });
    const card = await retrieveRenewalCard(stripe.client, stripeSubscriptionId);
    if (!card) return null;
    return `${card.brand.charAt(0).toUpperCase()}${card.brand.slice(1)} •••• ${card.last4}`;
  } catch (error) {
    logger.warn("subscription.card_lookup_failed", { tenantId, error: error instanceof Error ? error.message : String(error) });
    return null;
  }
}
