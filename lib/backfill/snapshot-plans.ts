import "server-only";
import type Stripe from "stripe";
import type { BackfillKind } from "@/db/schema";
import type { BackfillObject } from "@/lib/stripe/list-for-backfill";
import type { EventOf, PlanScope, RegisteredHandler } from "@/lib/webhooks/context";
import type { HandledEventType } from "@/lib/webhooks/handled-events";
import { customerHandler } from "@/lib/webhooks/handlers/customer";
import { invoiceHandler, invoicePaymentHandler } from "@/lib/webhooks/handlers/invoice";
import { paymentIntentHandler } from "@/lib/webhooks/handlers/payment-intent";
import { paymentMethodHandler } from "@/lib/webhooks/handlers/payment-method";
import { productPriceHandler } from "@/lib/webhooks/handlers/product-price";
import { chargeRefundedHandler, refundHandler } from "@/lib/webhooks/handlers/refund";
import { subscriptionHandler } from "@/lib/webhooks/handlers/subscription";
import type { Plan } from "@/lib/webhooks/projection";

/**
 * A listed object as the event that would have carried it, so that the backfill writes rows with
 * the webhooks' own projection declarations (each handler's `plan`), under the same ordering rules.
 * Only plans run: the handlers' decisions (receipts, credits, notices) are about things happening
 * now, and an import of history must not mail anyone or grant anything.
 */
function asEvent<T extends HandledEventType>(scope: PlanScope, type: T, object: EventOf<T>["data"]["object"]): Stripe.Event {
  const event = {
    id: scope.eventId,
    object: "event",
    type,
    created: scope.created,
    livemode: scope.mode === "live",
    api_version: null,
    pending_webhooks: 0,
    request: null,
    data: { object },
  };
  // The shape of an event of type T by construction; TypeScript cannot follow the union's type tag.
  return event as unknown as Stripe.Event;
}

type Planned = { handler: RegisteredHandler; event: Stripe.Event };

/** The handler and synthetic event for one listed object; null when the object writes no row. */
export function planFor<K extends BackfillKind>(scope: PlanScope, kind: K, object: BackfillObject[K]): Plan | null {
  const planned = plannedFor(scope, kind, object as BackfillObject[BackfillKind]);
  return planned ? planned.handler.plan(scope, planned.event) : null;
}

function plannedFor(scope: PlanScope, kind: BackfillKind, object: BackfillObject[BackfillKind]): Planned | null {
  switch (kind) {
    case "products":
      return { handler: productPriceHandler, event: asEvent(scope, "product.updated", object as Stripe.Product) };
    case "prices":
      return { handler: productPriceHandler, event: asEvent(scope, "price.updated", object as Stripe.Price) };
    case "customers":
      return { handler: customerHandler, event: asEvent(scope, "customer.updated", object as Stripe.Customer) };
    case "subscriptions":
      return { handler: subscriptionHandler, event: asEvent(scope, "customer.subscription.updated", object as Stripe.Subscription) };
    case "invoices":
      return { handler: invoiceHandler, event: asEvent(scope, "invoice.finalized", object as Stripe.Invoice) };
    case "invoice_payments":
      return { handler: invoicePaymentHandler, event: asEvent(scope, "invoice_payment.paid", object as Stripe.InvoicePayment) };
    case "payment_intents":
      return { handler: paymentIntentHandler, event: asEvent(scope, "payment_intent.succeeded", object as Stripe.PaymentIntent) };
    case "refunds":
      return { handler: refundHandler, event: asEvent(scope, "refund.updated", object as Stripe.Refund) };
    case "charges": {
      // Only refunded charges matter: they carry the payment's refunded total.
      const charge = object as Stripe.Charge;
      return charge.amount_refunded > 0 ? { handler: chargeRefundedHandler, event: asEvent(scope, "charge.refunded", charge) } : null;
    }
  }
}

/** A customer's saved payment method, as `payment_method.attached` would carry it. */
export function paymentMethodPlan(scope: PlanScope, pm: Stripe.PaymentMethod): Plan | null {
  return paymentMethodHandler.plan(scope, asEvent(scope, "payment_method.attached", pm));
}
