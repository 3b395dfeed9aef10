import { sql } from "drizzle-orm";
import type Stripe from "stripe";
import { checkoutSessions } from "@/db/schema";
import { defineHandler, idOf, type RowScope } from "../context";
import { ORDERING } from "../ordering";
import { project, type ProjectionSpec, type WrittenWatermark } from "../projection";

function rowValues(scope: RowScope, s: Stripe.Checkout.Session, wm: WrittenWatermark) {
  return {
    tenantId: scope.tenantId,
    mode: scope.mode,
    stripeCheckoutSessionId: s.id,
    stripeCustomerId: idOf(s.customer),
    stripePaymentIntentId: idOf(s.payment_intent),
    stripeSubscriptionId: idOf(s.subscription),
    checkoutMode: s.mode,
    status: s.status,
    paymentStatus: s.payment_status,
    amountTotal: s.amount_total,
    currency: s.currency,
    metadata: s.metadata ?? {},
    ...wm,
    updatedAt: new Date(),
  };
}

const CHECKOUT_SESSION: ProjectionSpec<Stripe.Checkout.Session> = {
  table: checkoutSessions,
  key: ["tenantId", "stripeCheckoutSessionId"],
  rule: ORDERING.checkoutSessions,
  existingStatus: sql`${checkoutSessions.status}`,
  statusOf: (s) => s.status,
  idOf: (s) => s.id,
  values: rowValues,
  fetch: (latest, s) => latest("checkout_session", s.id),
};

/**
 * Checkout sessions get their own rows; the payment itself is projected from its PaymentIntent's
 * events and joins the session through `stripe_payment_intent_id`.
 */
export const checkoutSessionHandler = defineHandler({
  name: "checkout-session",
  types: ["checkout.session.completed", "checkout.session.expired"],
  plan: (scope, event) => ({ projections: [project(CHECKOUT_SESSION, scope, event.data.object)] }),
});
