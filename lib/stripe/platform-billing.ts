import "server-only";
import type Stripe from "stripe";
import { stripeFailure } from "./stripe-failure";

/*
 * Calls on the PLATFORM's Stripe account (the STRIPE_* environment keys): MemberPulse billing its
 * organisations. Never called with a tenant's client; lib/platform-billing/platform-stripe.ts
 * builds the client.
 */

export const PLATFORM_TENANT_METADATA_KEY = "memberpulse_platform_tenant_id";
export const PLATFORM_PLAN_METADATA_KEY = "memberpulse_platform_plan_id";

export type PlatformPlanPush = { name: string; amount: number; currency: string; active: boolean; planId: string };

/**
 * Creates or updates the plan's product, and makes sure its current monthly price matches the
 * amount and currency. Prices are immutable in Stripe: a new amount creates a new price and the old
 * one is archived. Idempotency keys name the plan and the price's terms, so a retried sync reuses them.
 */
export async function pushPlatformPlan(
  client: Stripe,
  plan: PlatformPlanPush,
  current: { productId: string | null; priceId: string | null },
): Promise<{ productId: string; priceId: string }> {
  try {
    const metadata = { [PLATFORM_PLAN_METADATA_KEY]: plan.planId };
    const productId = current.productId
      ? (await client.products.update(current.productId, { name: plan.name, active: plan.active, metadata })).id
      : (await client.products.create({ name: plan.name, active: plan.active, metadata }, { idempotencyKey: `memberpulse-platform-product-${plan.planId}` })).id;
    if (current.priceId) {
      const price = await client.prices.retrieve(current.priceId);
      if (price.unit_amount === plan.amount && price.currency === plan.currency && price.product === productId) {
        if (price.active !== plan.active) await client.prices.update(price.id, { active: plan.active });
        return { productId, priceId: price.id };
      }
    }
    const price = await client.prices.create(
      { product: productId, unit_amount: plan.amount, currency: plan.currency, recurring: { interval: "month" }, active: plan.active, metadata },
      { idempotencyKey: `memberpulse-platform-price-${plan.planId}-${plan.currency}-${plan.amount}` },
    );
    if (current.priceId && current.priceId !== price.id) await client.prices.update(current.priceId, { active: false });
    return { productId, priceId: price.id };
  } catch (error) {
    stripeFailure(error, "platform.plan_sync");
  }
}

/** The organisation as a customer of the platform account (one per tenant; the key makes a retry reuse it). */
export async function createPlatformCustomer(client: Stripe, input: { tenantId: string; name: string; email: string | null }): Promise<string> {
  try {
    const customer = await client.customers.create(
      { name: input.name, ...(input.email ? { email: input.email } : {}), metadata: { [PLATFORM_TENANT_METADATA_KEY]: input.tenantId } },
      { idempotencyKey: `memberpulse-platform-customer-${input.tenantId}` },
    );
    return customer.id;
  } catch (error) {
    stripeFailure(error, "platform.customers.create");
  }
}

/** An embedded Checkout Session (subscription mode) for one platform plan price. */
export async function createPlatformCheckoutSession(
  client: Stripe,
  input: { customerId: string; priceId: string; tenantId: string; planId: string; trialDays: number | null; returnUrl: string },
  idempotencyKey: string,
): Promise<{ id: string; clientSecret: string | null }> {
  try {
    const metadata = { [PLATFORM_TENANT_METADATA_KEY]: input.tenantId, [PLATFORM_PLAN_METADATA_KEY]: input.planId };
    const session = await client.checkout.sessions.create(
      {
        ui_mode: "embedded_page",
        mode: "subscription",
        line_items: [{ price: input.priceId, quantity: 1 }],
        customer: input.customerId,
        client_reference_id: input.tenantId,
        return_url: input.returnUrl,
        metadata,
        subscription_data: { metadata, ...(input.trialDays ? { trial_period_days: input.trialDays } : {}) },
      },
      { idempotencyKey },
    );
    return { id: session.id, clientSecret: session.client_secret };
  } catch (error) {
    stripeFailure(error, "platform.checkout.sessions.create");
  }
}

export async function retrievePlatformSubscription(client: Stripe, id: string): Promise<Stripe.Subscription> {
  return client.subscriptions.retrieve(id);
}

export async function retrievePlatformInvoice(client: Stripe, id: string): Promise<Stripe.Invoice> {
  return client.invoices.retrieve(id);
}
