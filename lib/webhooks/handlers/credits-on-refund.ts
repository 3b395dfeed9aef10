import type Stripe from "stripe";
import { clawBackRefund, restoreFailedRefund } from "@/lib/credits/claw-back-refund";
import { defineHandler, idOf, type HandlerOutcome, type ProjectionContext } from "../context";

async function clawBack(ctx: ProjectionContext, refund: Stripe.Refund, fallbackPaymentIntentId: string | null): Promise<string[]> {
  // A refund that failed after succeeding (refund.updated / refund.failed): give the credits back.
  if (refund.status === "failed" || refund.status === "canceled") return restoreFailedRefund(ctx.tx, { tenantId: ctx.tenantId, refundId: refund.id });
  if (refund.status !== "succeeded") return [];
  const paymentIntentId = idOf(refund.payment_intent) ?? fallbackPaymentIntentId;
  if (!paymentIntentId) return [];
  return clawBackRefund(ctx.tx, { tenantId: ctx.tenantId, refundId: refund.id, paymentIntentId, amount: refund.amount });
}

/**
 * Takes back refunded credits. Runs after the refund projections (see the registry order), so the
 * refunded total it reads includes this event. Keyed by refund id: charge.refunded and the refund's
 * own events may both carry the same refund, and it counts once. Serialised on the PaymentIntent
 * with the payment's own credit grant (credits-on-payment.ts), so whichever commits second sees the
 * other's rows: a clawback is never lost to two events running at the same time.
 */
export const creditsOnRefundHandler = defineHandler({
  name: "credits-on-refund",
  types: ["charge.refunded", "refund.created", "refund.updated", "refund.failed"],
  async decide(ctx, event): Promise<HandlerOutcome> {
    const notes: string[] = [];
    if (event.type === "charge.refunded") {
      const charge = event.data.object;
      for (const refund of charge.refunds?.data ?? []) notes.push(...(await clawBack(ctx, refund, idOf(charge.payment_intent))));
    } else {
      notes.push(...(await clawBack(ctx, event.data.object, null)));
    }
    return notes.length ? { status: "processed", note: notes.join(", ") } : { status: "processed" };
  },
  // A charge that lists no refunds has nothing to claw back here (the refund's own events will).
  fastWhen: (_scope, event) => event.type === "charge.refunded" && !event.data.object.refunds?.data.length,
  serializeOn: (event) => {
    const paymentIntentId = idOf(event.data.object.payment_intent);
    return [paymentIntentId && `pi:${paymentIntentId}`];
  },
});
