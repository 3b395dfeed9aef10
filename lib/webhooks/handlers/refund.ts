import { and, eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { payments, refunds } from "@/db/schema";
import { defineHandler, idOf, type ProjectionContext, type RowScope } from "../context";
import { IF_CLAIMED, type FastEffect } from "../fast-path";
import { ORDERING } from "../ordering";
import { lockWatermark, projectOrdered, type WrittenWatermark } from "../project-ordered";

function rowValues(ctx: ProjectionContext, r: Stripe.Refund, wm: WrittenWatermark) {
  return {
    tenantId: ctx.tenantId,
    mode: ctx.mode,
    stripeRefundId: r.id,
    stripeChargeId: idOf(r.charge),
    stripePaymentIntentId: idOf(r.payment_intent),
    status: r.status,
    amount: r.amount,
    currency: r.currency,
    reason: r.reason,
    ...wm,
    updatedAt: new Date(),
  };
}

export async function projectRefund(ctx: ProjectionContext, refund: Stripe.Refund) {
  const where = and(eq(refunds.tenantId, ctx.tenantId), eq(refunds.stripeRefundId, refund.id));
  return projectOrdered(ctx, {
    rule: ORDERING.refunds,
    snapshot: refund,
    statusOf: (r) => r.status,
    lock: () => lockWatermark(ctx, { table: refunds, key: refunds.stripeRefundId, value: refund.id, status: sql`${refunds.status}` }),
    insert: async (r, wm) => (await ctx.tx.insert(refunds).values(rowValues(ctx, r, wm)).onConflictDoNothing().returning({ id: refunds.id })).length > 0,
    update: async (r, wm) => {
      await ctx.tx.update(refunds).set(rowValues(ctx, r, wm)).where(where);
    },
    fetch: () => ctx.fetchLatest("refund", refund.id),
  });
}

/**
 * Raises the payment's refunded total; GREATEST keeps it from ever shrinking (a refund never
 * un-refunds). When the payment's own events have not arrived yet, a stub row (status null,
 * watermark 0) keeps the amount until they do.
 */
export async function raiseAmountRefunded(ctx: ProjectionContext, charge: Stripe.Charge) {
  const stub = stubPayment(ctx, charge);
  if (!stub) return;
  await ctx.tx
    .insert(payments)
    .values(stub)
    .onConflictDoUpdate({
      target: [payments.tenantId, payments.stripePaymentIntentId],
      set: { amountRefunded: sql`GREATEST(${payments.amountRefunded}, excluded.amount_refunded)`, updatedAt: new Date() },
    });
}

/** The payment row a refunded charge implies (null: a charge without an intent). */
function stubPayment(ctx: RowScope, charge: Stripe.Charge) {
  const paymentIntentId = idOf(charge.payment_intent);
  if (!paymentIntentId) return null;
  return {
    tenantId: ctx.tenantId,
    mode: ctx.mode,
    stripePaymentIntentId: paymentIntentId,
    stripeCustomerId: idOf(charge.customer),
    stripeChargeId: charge.id,
    status: null,
    amount: charge.amount,
    amountRefunded: charge.amount_refunded,
    currency: charge.currency,
    lastEventCreated: 0,
    lastEventId: "",
  };
}

/** raiseAmountRefunded as a fast-path.ts effect. */
function fastRaiseAmountRefunded(scope: RowScope, charge: Stripe.Charge): FastEffect[] {
  const stub = stubPayment(scope, charge);
  if (!stub) return [];
  return [
    (s) =>
      s.upsert(payments, [payments.tenantId, payments.stripePaymentIntentId], [stub], {
        condition: IF_CLAIMED,
        set: [`"amount_refunded" = greatest("payments"."amount_refunded", excluded."amount_refunded")`, `"updated_at" = now()`],
        returning: "1",
      }),
  ];
}

export const chargeRefundedHandler = defineHandler({
  name: "charge-refunded",
  types: ["charge.refunded"],
  async handle(ctx, event) {
    const charge = event.data.object;
    await raiseAmountRefunded(ctx, charge);
    // `refunds` is only on the charge when the endpoint's API version still includes it.
    for (const refund of charge.refunds?.data ?? []) await projectRefund(ctx, refund);
    return { status: "processed" };
  },
  // Since API 2022-11-15 a charge no longer lists its refunds: then this is the whole job.
  fast: (scope, event) => (event.data.object.refunds?.data.length ? null : { effects: fastRaiseAmountRefunded(scope, event.data.object) }),
});

export const refundHandler = defineHandler({
  name: "refund",
  types: ["refund.created", "refund.updated", "refund.failed"],
  async handle(ctx, event) {
    return { status: "processed", note: await projectRefund(ctx, event.data.object) };
  },
});
