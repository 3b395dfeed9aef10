import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit-log";
import { getMemberSubscription } from "@/db/queries/member-subscriptions";
import { getSavedCard } from "@/db/queries/saved-cards";
import type { StripeMode } from "@/db/schema";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { DomainError } from "@/lib/errors/domain-error";
import { logger } from "@/lib/log";
import { getOwnSetupIntent } from "@/lib/payment-methods/manage-payment-methods";
import { stripeFor } from "@/lib/stripe-connection/resolve";
import { retrieveRenewalCard, setSubscriptionPaymentMethod } from "@/lib/stripe/subscriptions";
import { hasEnded } from "./statuses";

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

/**
 * The member points their subscription's renewals at another card: one of their saved cards on the
 * subscription's customer (per the webhook projection), or the card of a SetupIntent they just
 * confirmed on their own customer. Only the subscription's owner may; anyone else gets a 404.
 */
export async function changeRenewalCard(
  db: Db,
  actor: TenantActor,
  stripeSubscriptionId: string,
  card: { paymentMethodId: string } | { setupIntentId: string },
): Promise<{ label: string | null }> {
  const row = await getMemberSubscription(db, { tenantId: actor.tenantId, stripeSubscriptionId });
  if (!row || row.userId !== actor.userId) throw new DomainError("not_found", "No such subscription.");
  if (hasEnded(row.status)) throw new DomainError("conflict", "This subscription has ended.");
  let paymentMethodId: string;
  if ("setupIntentId" in card) {
    const si = await getOwnSetupIntent(db, actor, card.setupIntentId);
    if (!si) throw new DomainError("not_found", "No such card setup.");
    if (si.status !== "succeeded" || !si.paymentMethodId) throw new DomainError("conflict", si.errorMessage ?? "The new card has not been confirmed yet.");
    if (si.customerId !== row.stripeCustomerId) throw new DomainError("not_found", "No such card setup.");
    paymentMethodId = si.paymentMethodId;
  } else {
    const saved = await getSavedCard(db, { tenantId: actor.tenantId, mode: row.mode, stripeCustomerId: row.stripeCustomerId, paymentMethodId: card.paymentMethodId });
    if (!saved) throw new DomainError("not_found", "No such saved card.");
    paymentMethodId = card.paymentMethodId;
  }
  const stripe = await stripeFor(db, { tenantId: actor.tenantId, mode: row.mode });
  await setSubscriptionPaymentMethod(stripe.client, row.stripeSubscriptionId, paymentMethodId);
  await recordAudit(db, { tenantId: actor.tenantId, actorUserId: actor.userId, action: "subscription.payment_method_changed", target: stripeSubscriptionId, fields: ["default_payment_method"] });
  return { label: await renewalCardLabel(db, { tenantId: actor.tenantId, mode: row.mode, stripeSubscriptionId }) };
}
