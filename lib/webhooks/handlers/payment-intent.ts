import { sql } from "drizzle-orm";
import type Stripe from "stripe";
import { payments } from "@/db/schema";
import { defineHandler, idOf, toDate, type RowScope } from "../context";
import { ORDERING } from "../ordering";
import { project, type ProjectionSpec, type WrittenWatermark } from "../projection";

function rowValues(scope: RowScope, pi: Stripe.PaymentIntent, wm: WrittenWatermark) {
  return {
    tenantId: scope.tenantId,
    mode: scope.mode,
    stripePaymentIntentId: pi.id,
    stripeCustomerId: idOf(pi.customer),
    stripeChargeId: idOf(pi.latest_charge),
    status: pi.status,
    amount: pi.amount,
    amountReceived: pi.amount_received,
    currency: pi.currency,
    stripeCreated: toDate(pi.created),
    // Lists sort and date payments by created_at: Stripe's time, not the moment the row was written
    // (a backfill, a late webhook or a test clock would otherwise date a payment by its arrival).
    ...(pi.created ? { createdAt: new Date(pi.created * 1000) } : {}),
    description: pi.description,
    lastPaymentError: pi.last_payment_error?.message ?? pi.last_payment_error?.code ?? null,
    metadata: pi.metadata,
    ...wm,
    updatedAt: new Date(),
  };
}

/** A PaymentIntent as a `payments` row; amount_refunded is left alone (refund handlers own it). */
export const PAYMENT_INTENT: ProjectionSpec<Stripe.PaymentIntent> = {
  table: payments,
  key: ["tenantId", "stripePaymentIntentId"],
  rule: ORDERING.payments,
  existingStatus: sql`${payments.status}`,
  statusOf: (pi) => pi.status,
  idOf: (pi) => pi.id,
  values: rowValues,
  fetch: (latest, pi) => latest("payment_intent", pi.id),
};

export const paymentIntentHandler = defineHandler({
  name: "payment-intent",
  types: ["payment_intent.succeeded", "payment_intent.payment_failed", "payment_intent.canceled", "payment_intent.processing"],
  plan: (scope, event) => ({ projections: [project(PAYMENT_INTENT, scope, event.data.object)] }),
});
