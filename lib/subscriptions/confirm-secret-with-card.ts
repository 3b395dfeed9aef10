import type { Db } from "@/db/client";
import { getSavedCard } from "@/db/queries/saved-cards";
import type { StripeMode } from "@/db/schema";
import { DomainError } from "@/lib/errors/domain-error";
import { env } from "@/lib/env";
import { paymentIntentOfSecret } from "@/lib/stripe/invoices";
import { confirmWithPaymentMethod, type CardDecline } from "@/lib/stripe/payment-intents";
import type Stripe from "stripe";

export type SavedCardResult = { status: string; clientSecret: string | null; decline: CardDecline | null };

/**
 * Confirms on the server the PaymentIntent behind an invoice's confirmation secret (an open invoice,
 * a new subscription's first invoice) with a card attached to the paying customer. The secret is
 * read from Stripe by the caller, never taken from the browser. A PaymentIntent succeeds at most
 * once, so a double click cannot charge twice; 3-D Secure is finished by Stripe.js with the
 * returned secret, and the status is still left to the webhook.
 */
export async function confirmSecretWithSavedCard(
  db: Db,
  client: Stripe,
  input: { tenantId: string; mode: StripeMode; stripeCustomerId: string; paymentMethodId: string; clientSecret: string; returnPath: string },
): Promise<SavedCardResult> {
  const card = await getSavedCard(db, { tenantId: input.tenantId, mode: input.mode, stripeCustomerId: input.stripeCustomerId, paymentMethodId: input.paymentMethodId });
  if (!card) throw new DomainError("not_found", "No such saved card.", "payment_method_id");
  const paymentIntentId = paymentIntentOfSecret(input.clientSecret);
  if (!paymentIntentId) throw new DomainError("conflict", "This cannot be paid with a saved card; enter the card instead.");
  const returnUrl = new URL(input.returnPath, env().APP_URL).toString();
  const { intent, decline } = await confirmWithPaymentMethod(client, paymentIntentId, { paymentMethodId: input.paymentMethodId, returnUrl });
  return { status: intent.status, clientSecret: intent.status === "requires_action" ? intent.clientSecret : null, decline };
}
