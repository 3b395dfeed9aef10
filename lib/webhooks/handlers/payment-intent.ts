import { and, eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { payments } from "@/db/schema";
import { defineHandler, idOf, type ProjectionContext, type RowScope } from "../context";
import { watermarkOf, type FastScope } from "../fast-path";
import { ORDERING } from "../ordering";
import { lockWatermark, projectOrdered, type WrittenWatermark } from "../project-ordered";

const STATUS = `"payments"."status"`;

function rowValues(ctx: RowScope, pi: Stripe.PaymentIntent, wm: WrittenWatermark) {
  return {
    tenantId: ctx.tenantId,
    mode: ctx.mode,
    stripePaymentIntentId: pi.id,
    stripeCustomerId: idOf(pi.customer),
    stripeChargeId: idOf(pi.latest_charge),
    status: pi.status,
    amount: pi.amount,
    amountReceived: pi.amount_received,
    currency: pi.currency,
    description: pi.description,
    lastPaymentError: pi.last_payment_error?.message ?? pi.last_payment_error?.code ?? null,
    metadata: pi.metadata,
    ...wm,
    updatedAt: new Date(),
  };
}

/** Projects a PaymentIntent into `payments`; amount_refunded is left alone (refund handlers own it). */
export async function projectPaymentIntent(ctx: ProjectionContext, pi: Stripe.PaymentIntent) {
  const where = and(eq(payments.tenantId, ctx.tenantId), eq(payments.stripePaymentIntentId, pi.id));
  return projectOrdered(ctx, {
    rule: ORDERING.payments,
    snapshot: pi,
    statusOf: (p) => p.status,
    lock: () => lockWatermark(ctx, { table: payments, key: payments.stripePaymentIntentId, value: pi.id, status: sql.raw(STATUS) }),
    insert: async (p, wm) => {
      const rows = await ctx.tx.insert(payments).values(rowValues(ctx, p, wm)).onConflictDoNothing().returning({ id: payments.id });
      return rows.length > 0;
    },
    update: async (p, wm) => {
      await ctx.tx.update(payments).set(rowValues(ctx, p, wm)).where(where);
    },
    fetch: () => ctx.fetchLatest("payment_intent", pi.id),
  });
}

/** The general path's projectPaymentIntent as a fast-path.ts projection. */
export function fastPaymentIntent(scope: FastScope, pi: Stripe.PaymentIntent) {
  return {
    table: payments,
    conflict: [payments.tenantId, payments.stripePaymentIntentId],
    values: rowValues(scope, pi, watermarkOf(scope)),
    rule: ORDERING.payments,
    status: pi.status,
    existingStatus: STATUS,
  };
}

export const paymentIntentHandler = defineHandler({
  name: "payment-intent",
  types: ["payment_intent.succeeded", "payment_intent.payment_failed", "payment_intent.canceled", "payment_intent.processing"],
  async handle(ctx, event) {
    const result = await projectPaymentIntent(ctx, event.data.object);
    return { status: "processed", note: result };
  },
  fast: (scope, event) => ({ projections: [fastPaymentIntent(scope, event.data.object)] }),
});
