import type { Db } from "@/db/client";
import { stripeFor } from "@/lib/stripe-connection/resolve";
import { retrievePaymentIntent, type PortalPaymentIntent } from "@/lib/stripe/payment-intents";
import type { PaymentView } from "./payment-view";

/**
 * The return page asks Stripe directly (the webhook may not have arrived yet): the member sees the
 * truth now, while history and the admin list follow the webhook. Null when Stripe cannot answer.
 */
export async function livePaymentIntent(db: Db, tenantId: string, payment: PaymentView): Promise<PortalPaymentIntent | null> {
  try {
    const stripe = await stripeFor(db, { tenantId, mode: payment.mode });
    return await retrievePaymentIntent(stripe.client, payment.stripePaymentIntentId);
  } catch {
    return null;
  }
}
