import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { getBillingSettings } from "@/db/queries/billing-settings";
import { findReusableTopUp, insertPendingPayment } from "@/db/queries/member-payments";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { singleFlight } from "@/lib/concurrency/single-flight";
import { DomainError } from "@/lib/errors/domain-error";
import { formatMoney, parseMoney } from "@/lib/money";
import { ensureMemberCustomer } from "@/lib/payments/ensure-member-customer";
import { assertTenantTakesPayments } from "@/lib/platform/tenant-status";
import { stripeFor } from "@/lib/stripe-connection/resolve";
import { createPaymentIntent, retrievePaymentIntent } from "@/lib/stripe/payment-intents";
import { formatCredits, TOP_UP_KEY } from "./rules";

/** How long an unpaid top-up intent is offered again for the same amount (double clicks, reloads). */
const REUSE_WINDOW_MS = 60 * 60 * 1000;

export type TopUpOffer = { enabled: false } | { enabled: true; currency: string; min: number; max: number };

/** What a member may top up (the admin's bounds), for the credits page. */
export async function loadTopUpOffer(db: Db, { tenantId }: { tenantId: string }): Promise<TopUpOffer> {
  const s = await getBillingSettings(db, { tenantId });
  return s.topUpEnabled ? { enabled: true, currency: s.topUpCurrency, min: s.topUpMinAmount, max: s.topUpMaxAmount } : { enabled: false };
}

export type TopUpPayment = { paymentId: string; clientSecret: string; publishableKey: string; amount: number; currency: string; credits: number };

/**
 * Seed 002's "checkout with an amount": the member names an amount, the server checks it against
 * the tenant's bounds (the amount is decided here, within them, never trusted beyond them), and a
 * PaymentIntent for exactly that amount is created. Its succeeded webhook grants credits = amount
 * (1 credit = 1 cent; lib/credits/credit-purchase.ts). One request at a time per member (a lease,
 * never a transaction held across Stripe's answer); inside it, a recent unpaid intent of the same
 * amount is reused, so two quick clicks yield one PaymentIntent and the same client secret. A
 * different amount gets its own intent.
 */
export async function createTopUpPayment(db: Db, actor: TenantActor, input: { amount: string } | { amountMinor: number; currency?: string }): Promise<TopUpPayment> {
  const offer = await loadTopUpOffer(db, { tenantId: actor.tenantId });
  if (!offer.enabled) throw new DomainError("conflict", "This portal does not offer custom top-ups.");
  if ("currency" in input && input.currency && input.currency.toLowerCase() !== offer.currency) {
    throw new DomainError("validation_failed", `Top-ups are in ${offer.currency.toUpperCase()}.`, "currency");
  }
  const amount = "amount" in input ? parseMoney(input.amount, offer.currency) : Number.isSafeInteger(input.amountMinor) ? input.amountMinor : null;
  if (amount === null) throw new DomainError("validation_failed", `“${"amount" in input ? input.amount : String(input.amountMinor)}” is not an amount like 25.00.`, "amount");
  if (amount < offer.min || amount > offer.max) {
    throw new DomainError("validation_failed", `Top up between ${formatMoney(offer.min, offer.currency)} and ${formatMoney(offer.max, offer.currency)}.`, "amount");
  }
  await assertTenantTakesPayments(db, { tenantId: actor.tenantId });
  const stripe = await stripeFor(db, { tenantId: actor.tenantId });
  const customerId = await ensureMemberCustomer(db, stripe, actor);
  return singleFlight(db, `topup:${actor.tenantId}:${actor.userId}:${stripe.mode}`, async () => {
    const slot = { tenantId: actor.tenantId, userId: actor.userId, mode: stripe.mode, amount, currency: offer.currency, flagKey: TOP_UP_KEY };
    const reusable = await findReusableTopUp(db, slot, new Date(Date.now() - REUSE_WINDOW_MS));
    if (reusable) {
      // The row may lag Stripe (a confirm whose webhook is still in flight): Stripe's copy decides.
      const pi = await retrievePaymentIntent(stripe.client, reusable.stripePaymentIntentId);
      if (pi.status === "requires_payment_method" && !pi.lastError && pi.amount === amount && pi.clientSecret) {
        return { paymentId: reusable.id, clientSecret: pi.clientSecret, publishableKey: stripe.publishableKey, amount: pi.amount, currency: pi.currency, credits: pi.amount };
      }
    }
    const paymentId = randomUUID();
    const description = `Credit top-up: ${formatCredits(amount)} credits`;
    const metadata = { memberpulse_tenant_id: actor.tenantId, memberpulse_user_id: actor.userId, memberpulse_payment_id: paymentId, [TOP_UP_KEY]: "1" };
    const pi = await createPaymentIntent(stripe.client, { amount, currency: offer.currency, customerId, description, metadata, saveCard: false }, `memberpulse-topup-${paymentId}`);
    if (!pi.clientSecret) throw new Error("PaymentIntent without client_secret");
    await insertPendingPayment(db, {
      id: paymentId,
      tenantId: actor.tenantId,
      mode: stripe.mode,
      userId: actor.userId,
      catalogPriceId: null,
      stripePaymentIntentId: pi.id,
      stripeCustomerId: customerId,
      status: pi.status,
      amount: pi.amount,
      currency: pi.currency,
      description,
      metadata,
    });
    return { paymentId, clientSecret: pi.clientSecret, publishableKey: stripe.publishableKey, amount: pi.amount, currency: pi.currency, credits: pi.amount };
  });
}
