import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { getPayablePrice } from "@/db/queries/payable-prices";
import { findReusablePayment, insertPendingPayment } from "@/db/queries/member-payments";
import { DomainError } from "@/lib/errors/domain-error";
import { singleFlight } from "@/lib/concurrency/single-flight";
import { createPaymentIntent, retrievePaymentIntent, setIntentSaveCard, type PortalPaymentIntent } from "@/lib/stripe/payment-intents";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { ensureMemberCustomer } from "./ensure-member-customer";
import { stripeFor } from "@/lib/stripe-connection/resolve";
import { assertTenantTakesPayments } from "@/lib/platform/tenant-status";
import { quoteCharge } from "@/lib/tax/tax-quote";

export type CreatedPayment = {
  paymentId: string;
  stripePaymentIntentId: string;
  clientSecret: string;
  publishableKey: string;
  /** Connect: the connected account Stripe.js must act in (`Stripe(publishableKey, { stripeAccount })`). */
  stripeAccount?: string;
  amount: number;
  /** Stripe Tax's share of `amount`, or null when the tenant does not collect tax. */
  tax: number | null;
  currency: string;
  status: string;
  mode: "test" | "live";
};

/** The tax included in a portal payment's amount, in its PaymentIntent's (and row's) metadata. */
export const TAX_METADATA_KEY = "memberpulse_tax_amount";

/** A pending intent is reused for an hour: long enough for a member to finish paying. */
const REUSE_WINDOW_MS = 60 * 60 * 1000;

/**
 * Starts paying a one-time catalog price. Amount and currency come from the catalog, never from
 * the caller; with the tenant's Stripe Tax on, the member pays a tax calculation's total at their
 * saved address and the intent names that calculation (`hooks.inputs.tax`). One request at a time per (member, price) — a lease, not a transaction held across
 * Stripe's answer — reuses an unpaid intent, so double submits and reloads yield one PaymentIntent;
 * otherwise a new one is created and its `pending` row written before anything reaches the browser.
 * The webhook moves the row on from there.
 */
export async function createMemberPayment(db: Db, actor: TenantActor, input: { priceId: string; saveCard: boolean }): Promise<CreatedPayment> {
  await assertTenantTakesPayments(db, { tenantId: actor.tenantId });
  const price = await getPayablePrice(db, { tenantId: actor.tenantId, priceId: input.priceId });
  if (!price) throw new DomainError("not_found", "No such price, or it cannot be bought as a one-time payment.");
  const stripe = await stripeFor(db, { tenantId: actor.tenantId });
  const customerId = await ensureMemberCustomer(db, stripe, actor);
  const charge = await quoteCharge(db, stripe, { tenantId: actor.tenantId, customerId, amount: price.amount, currency: price.currency, reference: price.priceId });
  const slot = { tenantId: actor.tenantId, userId: actor.userId, priceId: price.priceId, mode: stripe.mode };

  return singleFlight(db, `payment:${slot.tenantId}:${slot.userId}:${slot.priceId}:${slot.mode}`, async () => {
    const done = (paymentId: string, pi: PortalPaymentIntent): CreatedPayment => {
      if (!pi.clientSecret) throw new Error("PaymentIntent without client_secret");
      return {
        paymentId,
        stripePaymentIntentId: pi.id,
        clientSecret: pi.clientSecret,
        publishableKey: stripe.publishableKey,
        ...(stripe.stripeAccount ? { stripeAccount: stripe.stripeAccount } : {}),
        amount: pi.amount,
        tax: charge.tax,
        currency: pi.currency,
        status: pi.status,
        mode: stripe.mode,
      };
    };

    const reusable = await findReusablePayment(db, slot, new Date(Date.now() - REUSE_WINDOW_MS));
    // Reused only for the same total: a changed price, tax setting or address needs a new intent.
    if (reusable && reusable.amount === charge.total && reusable.currency === price.currency) {
      let pi = await retrievePaymentIntent(stripe.client, reusable.stripePaymentIntentId);
      if (pi.status === "requires_payment_method" && !pi.lastError) {
        if ((pi.setupFutureUsage === "off_session") !== input.saveCard) pi = await setIntentSaveCard(stripe.client, pi.id, input.saveCard);
        return done(reusable.id, pi);
      }
    }

    const paymentId = randomUUID();
    const description = price.nickname ? `${price.productName} (${price.nickname})` : price.productName;
    const metadata = {
      memberpulse_tenant_id: actor.tenantId,
      memberpulse_user_id: actor.userId,
      memberpulse_price_id: price.priceId,
      memberpulse_payment_id: paymentId,
      // The receipt shows it; Stripe keeps the authoritative record with the tax calculation.
      ...(charge.tax !== null ? { [TAX_METADATA_KEY]: String(charge.tax) } : {}),
    };
    const pi = await createPaymentIntent(
      stripe.client,
      { amount: charge.total, currency: price.currency, customerId, description, metadata, saveCard: input.saveCard, taxCalculationId: charge.taxCalculationId },
      `memberpulse-payment-${paymentId}`,
    );
    const row = await insertPendingPayment(db, {
      id: paymentId,
      tenantId: actor.tenantId,
      mode: stripe.mode,
      userId: actor.userId,
      catalogPriceId: price.priceId,
      stripePaymentIntentId: pi.id,
      stripeCustomerId: customerId,
      status: pi.status,
      amount: pi.amount,
      currency: pi.currency,
      description,
      metadata,
    });
    return done(row.id, pi);
  });
}
