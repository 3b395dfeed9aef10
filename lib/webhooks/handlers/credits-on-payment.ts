import type Stripe from "stripe";
import { payments } from "@/db/schema";
import { getPaymentPortalLinks } from "@/db/queries/payment-portal-links";
import { getBuyerStanding } from "@/db/queries/referrals";
import { creditCompletedPurchase, type CompletedPurchase } from "@/lib/credits/credit-purchase";
import { TOP_UP_KEY } from "@/lib/credits/rules";
import { defineHandler, idOf, type HandlerOutcome, type ProjectionContext } from "../context";
import type { FastGuard } from "../fast-path";
import { identifyBuyerCard, type PaymentSource } from "./buyer-card";

// The keys lib/payments writes into PaymentIntent (and Checkout Session) metadata.
export const USER_KEY = "memberpulse_user_id";
const PRICE_KEY = "memberpulse_price_id";
export const TENANT_KEY = "memberpulse_tenant_id";

type Source = { paymentIntentId: string; amount: number; metadata: Stripe.Metadata | null; payment: PaymentSource };

/**
 * Metadata first (it travels with the event); the payments row's links as a fallback, for intents
 * whose metadata was lost or not set. A payment naming another tenant is never credited here.
 */
async function purchaseOf(ctx: ProjectionContext, s: Source): Promise<CompletedPurchase | null> {
  const meta = s.metadata ?? {};
  if (meta[TENANT_KEY] && meta[TENANT_KEY] !== ctx.tenantId) return null;
  const links = meta[USER_KEY] ? null : await getPaymentPortalLinks(ctx.tx, { tenantId: ctx.tenantId, paymentIntentId: s.paymentIntentId });
  const userId = meta[USER_KEY] ?? links?.userId ?? null;
  if (!userId) return null;
  // Membership and a pending referral in one read (creditCompletedPurchase would ask for the latter).
  const standing = await getBuyerStanding(ctx.tx, { tenantId: ctx.tenantId, userId });
  if (!standing.member) return null;
  const priceId = meta[PRICE_KEY] ?? links?.priceId ?? null;
  return { tenantId: ctx.tenantId, userId, paymentIntentId: s.paymentIntentId, amount: s.amount, priceId, topUp: meta[TOP_UP_KEY] === "1", referralPending: standing.referralPending };
}

function sourceOf(event: Stripe.PaymentIntentSucceededEvent | Stripe.CheckoutSessionCompletedEvent): Source | null {
  if (event.type === "payment_intent.succeeded") {
    const pi = event.data.object;
    const payment = { paymentIntentId: pi.id, paymentMethodId: idOf(pi.payment_method), customerId: idOf(pi.customer) };
    return { paymentIntentId: pi.id, amount: pi.amount_received || pi.amount, metadata: pi.metadata, payment };
  }
  const session = event.data.object;
  if (session.mode !== "payment" || session.payment_status !== "paid") return null;
  // Keyed by the intent when there is one, so the session and the intent's own event grant once.
  const payment = { paymentIntentId: idOf(session.payment_intent), customerId: idOf(session.customer) };
  return { paymentIntentId: payment.paymentIntentId ?? session.id, amount: session.amount_total ?? 0, metadata: session.metadata, payment };
}

/**
 * Credits for a paid credit package, and the referral decision on a member's first purchase.
 * Serialised on the PaymentIntent with the refunds' clawbacks (credits-on-refund.ts).
 */
export const creditsOnPaymentHandler = defineHandler({
  name: "credits-on-payment",
  types: ["payment_intent.succeeded", "checkout.session.completed"],
  async decide(ctx, event): Promise<HandlerOutcome> {
    const source = sourceOf(event);
    const purchase = source && (await purchaseOf(ctx, source));
    if (!source || !purchase) return { status: "processed" };
    const notes = await creditCompletedPurchase(ctx.tx, purchase, () => identifyBuyerCard(ctx, source.payment));
    return notes.length ? { status: "processed", note: notes.join(", ") } : { status: "processed" };
  },
  // Fast only when purchaseOf() would find no buyer: a portal purchase is decided in code.
  fastWhen: (scope, event) => {
    if (event.type !== "payment_intent.succeeded") return false;
    const pi = event.data.object;
    const meta = pi.metadata ?? {};
    if (meta[TENANT_KEY] && meta[TENANT_KEY] !== scope.tenantId) return true;
    if (meta[USER_KEY]) return false;
    // No metadata: the portal's own payments row may still name the buyer (getPaymentPortalLinks).
    const noBuyer: FastGuard = (s) => `not ${s.exists(payments, { tenantId: scope.tenantId, stripePaymentIntentId: pi.id }, ["userId"])}`;
    return noBuyer;
  },
  serializeOn: (event) => {
    const source = sourceOf(event);
    return [source && `pi:${source.paymentIntentId}`];
  },
});
