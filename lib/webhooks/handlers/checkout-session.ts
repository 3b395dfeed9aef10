import { and, eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { checkoutSessions } from "@/db/schema";
import { defineHandler, idOf, type ProjectionContext } from "../context";
import { ORDERING } from "../ordering";
import { lockWatermark, projectOrdered, type WrittenWatermark } from "../project-ordered";

function rowValues(ctx: ProjectionContext, s: Stripe.Checkout.Session, wm: WrittenWatermark) {
  return {
    tenantId: ctx.tenantId,
    mode: ctx.mode,
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

/**
 * Checkout sessions get their own rows; the payment itself is projected from its PaymentIntent's
 * events and joins the session through `stripe_payment_intent_id`.
 */
export const checkoutSessionHandler = defineHandler({
  name: "checkout-session",
  types: ["checkout.session.completed", "checkout.session.expired"],
  async handle(ctx, event) {
    const session = event.data.object;
    const where = and(eq(checkoutSessions.tenantId, ctx.tenantId), eq(checkoutSessions.stripeCheckoutSessionId, session.id));
    const result = await projectOrdered(ctx, {
      rule: ORDERING.checkoutSessions,
      snapshot: session,
      statusOf: (s) => s.status,
      lock: () => lockWatermark(ctx, { table: checkoutSessions, key: checkoutSessions.stripeCheckoutSessionId, value: session.id, status: sql`${checkoutSessions.status}` }),
      insert: async (s, wm) =>
        (await ctx.tx.insert(checkoutSessions).values(rowValues(ctx, s, wm)).onConflictDoNothing().returning({ id: checkoutSessions.id })).length > 0,
      update: async (s, wm) => {
        await ctx.tx.update(checkoutSessions).set(rowValues(ctx, s, wm)).where(where);
      },
      fetch: () => ctx.fetchLatest("checkout_session", session.id),
    });
    return { status: "processed", note: result };
  },
});
