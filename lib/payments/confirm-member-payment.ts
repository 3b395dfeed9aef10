import type { Db } from "@/db/client";
import { getPayment } from "@/db/queries/member-payments";
import { findMemberCustomerId } from "@/db/queries/member-stripe-customers";
import { DomainError } from "@/lib/errors/domain-error";
import { confirmWithPaymentMethod, type CardDecline } from "@/lib/stripe/payment-intents";
import { getPaymentMethodCustomer } from "@/lib/stripe/setup-intents";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { paymentReturnUrl } from "./payment-links";
import { stripeFor } from "@/lib/stripe-connection/resolve";
import { isUuid } from "@/lib/ids";

export type ConfirmResult = {
  paymentId: string;
  status: string;
  /** Set when Stripe.js must finish a 3-D Secure challenge (`handleNextAction`). */
  clientSecret: string | null;
  decline: CardDecline | null;
};

/**
 * Confirms the member's own pending payment on the server with one of their saved cards. The
 * card must belong to the member's customer; the row's status is still left to the webhook.
 */
export async function confirmMemberPayment(db: Db, actor: TenantActor, input: { paymentId: string; paymentMethodId: string }): Promise<ConfirmResult> {
  const payment = isUuid(input.paymentId)
    ? await getPayment(db, { tenantId: actor.tenantId, paymentId: input.paymentId, userId: actor.userId })
    : undefined;
  if (!payment) throw new DomainError("not_found", "No such payment.");
  if (payment.status === "succeeded" || payment.status === "processing") throw new DomainError("conflict", "This payment has already been paid.");
  if (payment.status === "canceled") throw new DomainError("conflict", "This payment was canceled; start a new one.");
  const stripe = await stripeFor(db, { tenantId: actor.tenantId, mode: payment.mode });
  const customerId = await findMemberCustomerId(db, { tenantId: actor.tenantId, userId: actor.userId, mode: payment.mode });
  const owner = await getPaymentMethodCustomer(stripe.client, input.paymentMethodId);
  if (!customerId || owner !== customerId) throw new DomainError("not_found", "No such saved card.", "payment_method_id");
  const { intent, decline } = await confirmWithPaymentMethod(stripe.client, payment.stripePaymentIntentId, {
    paymentMethodId: input.paymentMethodId,
    returnUrl: paymentReturnUrl(actor.tenantSlug, payment.id),
  });
  return {
    paymentId: payment.id,
    status: intent.status,
    clientSecret: intent.status === "requires_action" ? intent.clientSecret : null,
    decline,
  };
}
