import { sql } from "drizzle-orm";
import type Stripe from "stripe";
import { payments, refunds } from "@/db/schema";
import { defineHandler, idOf, toDate, type RowScope } from "../context";
import { ORDERING } from "../ordering";
import { project, type Effect, type ProjectionSpec, type WrittenWatermark } from "../projection";

function rowValues(scope: RowScope, r: Stripe.Refund, wm: WrittenWatermark) {
  return {
    tenantId: scope.tenantId,
    mode: scope.mode,
    stripeRefundId: r.id,
    stripeChargeId: idOf(r.charge),
    stripePaymentIntentId: idOf(r.payment_intent),
    status: r.status,
    amount: r.amount,
    currency: r.currency,
    reason: r.reason,
    failureReason: r.failure_reason ?? null,
    stripeCreated: toDate(r.created),
    ...wm,
    updatedAt: new Date(),
  };
}

const REFUND: ProjectionSpec<Stripe.Refund> = {
  table: refunds,
  key: ["tenantId", "stripeRefundId"],
  rule: ORDERING.refunds,
  existingStatus: sql`${refunds.status}`,
  statusOf: (r) => r.status,
  idOf: (r) => r.id,
  values: rowValues,
  fetch: (latest, r) => latest("refund", r.id),
};

/**
 * Raises the payment's refunded total; GREATEST keeps it from ever shrinking (a refund never
 * un-refunds), whatever the order. When the payment's own events have not arrived yet, a stub row
 * (status null, watermark 0) keeps the amount until they do.
 */
function raiseAmountRefunded(scope: RowScope, charge: Stripe.Charge): Effect[] {
  const paymentIntentId = idOf(charge.payment_intent);
  if (!paymentIntentId) return [];
  const stub = {
    tenantId: scope.tenantId,
    mode: scope.mode,
    stripePaymentIntentId: paymentIntentId,
    stripeCustomerId: idOf(charge.customer),
    stripeChargeId: charge.id,
    status: null,
    amount: charge.amount,
    amountRefunded: charge.amount_refunded,
    currency: charge.currency,
    lastEventCreated: 0,
    lastEventId: "",
    updatedAt: new Date(),
  };
  return [{ kind: "upsert", table: payments, key: ["tenantId", "stripePaymentIntentId"], row: stub, set: { amountRefunded: "greatest", updatedAt: "excluded" } }];
}

export const chargeRefundedHandler = defineHandler({
  name: "charge-refunded",
  types: ["charge.refunded"],
  plan: (scope, event) => {
    const charge = event.data.object;
    // `refunds` is only on the charge when expanded (never in events since API 2022-11-15); when an
    // older payload still lists them, they are projected too.
    const listed = charge.refunds?.data ?? [];
    return {
      projections: listed.map((r) => project(REFUND, scope, r)),
      effects: raiseAmountRefunded(scope, charge),
      ...(listed.length ? {} : { outcome: { status: "processed" as const } }),
    };
  },
});

export const refundHandler = defineHandler({
  name: "refund",
  types: ["refund.created", "refund.updated", "refund.failed"],
  plan: (scope, event) => ({ projections: [project(REFUND, scope, event.data.object)] }),
});
