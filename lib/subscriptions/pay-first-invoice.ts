import type { Db } from "@/db/client";
import { getMemberSubscription } from "@/db/queries/member-subscriptions";
import { DomainError } from "@/lib/errors/domain-error";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { stripeFor } from "@/lib/stripe-connection/resolve";
import { retrieveSubscription } from "@/lib/stripe/subscriptions";
import { confirmSecretWithSavedCard, type SavedCardResult } from "./confirm-secret-with-card";

/**
 * Pays a new subscription's first invoice with one of the member's saved cards: the member's own
 * incomplete subscription (the portal's row says whose), its first invoice's PaymentIntent (read
 * from Stripe, never from the browser), a card attached to the subscription's customer. Access
 * still starts with the webhook; 3-D Secure is finished by Stripe.js with the returned secret.
 */
export async function payFirstInvoiceWithSavedCard(db: Db, actor: TenantActor, input: { stripeSubscriptionId: string; paymentMethodId: string }): Promise<SavedCardResult> {
  const row = await getMemberSubscription(db, { tenantId: actor.tenantId, stripeSubscriptionId: input.stripeSubscriptionId });
  if (!row || row.userId !== actor.userId) throw new DomainError("not_found", "No such subscription.");
  const stripe = await stripeFor(db, { tenantId: actor.tenantId, mode: row.mode });
  const sub = await retrieveSubscription(stripe.client, input.stripeSubscriptionId);
  if (sub.status !== "incomplete" || sub.secretType !== "payment" || !sub.clientSecret) throw new DomainError("conflict", "This subscription has nothing left to pay.");
  return confirmSecretWithSavedCard(db, stripe.client, {
    tenantId: actor.tenantId,
    mode: row.mode,
    stripeCustomerId: sub.customerId,
    paymentMethodId: input.paymentMethodId,
    clientSecret: sub.clientSecret,
    returnPath: `/${actor.tenantSlug}/billing/subscription?welcome=1`,
  });
}
