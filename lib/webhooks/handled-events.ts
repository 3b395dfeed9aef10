import type Stripe from "stripe";

/**
 * Every Stripe event type the portal projects. The settings page registers webhook endpoints with
 * exactly this list; the handler registry (lib/webhooks/handlers) is checked against it in tests.
 * Other types are still accepted (2xx) and logged as `ignored`.
 */
export const HANDLED_EVENT_TYPES = [
  "customer.created",
  "customer.updated",
  "customer.deleted",
  "payment_intent.succeeded",
  "payment_intent.payment_failed",
  "payment_intent.canceled",
  "payment_intent.processing",
  "checkout.session.completed",
  "checkout.session.expired",
  "charge.succeeded",
  "charge.refunded",
  "refund.created",
  "refund.updated",
  "refund.failed",
  "charge.dispute.created",
  "charge.dispute.updated",
  "charge.dispute.closed",
  "charge.dispute.funds_withdrawn",
  "charge.dispute.funds_reinstated",
  "payment_method.attached",
  "payment_method.detached",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "customer.subscription.trial_will_end",
  "invoice.created",
  "invoice.finalized",
  "invoice.paid",
  "invoice.payment_succeeded",
  "invoice.payment_failed",
  "invoice.voided",
  "invoice.marked_uncollectible",
  "invoice.sent",
  "invoice.payment_action_required",
  "invoice.upcoming",
  "invoice_payment.paid",
  "product.created",
  "product.updated",
  "product.deleted",
  "price.created",
  "price.updated",
  "coupon.updated",
  "coupon.deleted",
  "promotion_code.updated",
] as const satisfies readonly Stripe.WebhookEndpointCreateParams.EnabledEvent[];

/**
 * Connect events about the connected account itself. They arrive only through the platform's
 * Connect endpoint (connect-ingest.ts), so a tenant's own endpoint is never subscribed to them.
 */
export const CONNECT_EVENT_TYPES = ["account.updated", "account.application.deauthorized"] as const satisfies readonly Stripe.WebhookEndpointCreateParams.EnabledEvent[];

export type HandledEventType = (typeof HANDLED_EVENT_TYPES)[number] | (typeof CONNECT_EVENT_TYPES)[number];
