import "server-only";
import Stripe from "stripe";
import type { CatalogPrice, CatalogProduct, StripeMode } from "@/db/schema";
import { TENANT_METADATA_KEY } from "@/lib/webhooks/handlers/product-price";
import type { ResolvedStripe } from "@/lib/stripe-connection/resolve";

/*
 * The catalog's boundary with Stripe: portal products/prices in, Stripe ids out. Nothing else in
 * the app sees Stripe.Product or Stripe.Price objects.
 */

export const LOCAL_ID_METADATA_KEY = "memberpulse_local_id";

function productParams(tenantId: string, product: CatalogProduct) {
  return {
    name: product.name,
    active: product.active,
    metadata: { [TENANT_METADATA_KEY]: tenantId, [LOCAL_ID_METADATA_KEY]: product.id, memberpulse_kind: product.kind },
  };
}

/*
 * An empty string means "unset" to Stripe, and only `Emptyable` params accept it (400
 * parameter_invalid_empty otherwise): `description` is emptyable on update (clears a removed
 * description) but not on create, where a missing description is simply left out.
 */
function productUpdateParams(tenantId: string, product: CatalogProduct): Stripe.ProductUpdateParams {
  return { ...productParams(tenantId, product), description: product.description ?? "" };
}

function productCreateParams(tenantId: string, product: CatalogProduct): Stripe.ProductCreateParams {
  return { ...productParams(tenantId, product), ...(product.description ? { description: product.description } : {}) };
}

function isMissing(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeInvalidRequestError && error.code === "resource_missing";
}

/**
 * Creates or updates the Stripe product. The create's idempotency key names the local id, mode and
 * version, so a retry after a lost response returns the same product instead of a duplicate.
 * A product deleted in the Dashboard (update → 404) is created again.
 */
export async function pushProduct(stripe: ResolvedStripe, { tenantId, product, stripeId }: { tenantId: string; product: CatalogProduct; stripeId: string | null }) {
  if (stripeId) {
    try {
      const updated = await stripe.client.products.update(stripeId, productUpdateParams(tenantId, product));
      return { stripeId: updated.id };
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }
  const key = `mp-product-${product.id}-${stripe.mode}-v${product.version}${stripeId ? `-after-${stripeId}` : ""}`;
  const created = await stripe.client.products.create(productCreateParams(tenantId, product), { idempotencyKey: key });
  return { stripeId: created.id };
}

/**
 * Creates the Stripe price once (amount, currency and recurrence never change on it), then keeps
 * only `active` and `nickname` in step. Created with identical parameters every time, so the
 * idempotency key (local id + mode + Stripe product) is always reusable.
 */
export async function pushPrice(
  stripe: ResolvedStripe,
  { tenantId, price, stripeProductId, stripeId }: { tenantId: string; price: CatalogPrice; stripeProductId: string; stripeId: string | null },
) {
  if (!stripeId) {
    const metadata: Record<string, string> = { [TENANT_METADATA_KEY]: tenantId, [LOCAL_ID_METADATA_KEY]: price.id };
    if (price.credits != null) metadata.memberpulse_credits = String(price.credits);
    const created = await stripe.client.prices.create(
      {
        product: stripeProductId,
        currency: price.currency,
        unit_amount: price.amount,
        metadata,
        ...(price.type === "recurring" && price.interval ? { recurring: { interval: price.interval, interval_count: price.intervalCount ?? 1 } } : {}),
      },
      { idempotencyKey: `mp-price-${price.id}-${stripe.mode}-${stripeProductId}` },
    );
    stripeId = created.id;
  }
  // `nickname` cannot be unset on a price (not emptyable): a removed nickname is left as it was.
  await stripe.client.prices.update(stripeId, { active: price.active, ...(price.nickname ? { nickname: price.nickname } : {}) });
  return { stripeId };
}

/** What an admin should do about a failed sync. Never includes a key or a raw stack. */
export function describeSyncError(error: unknown, mode: StripeMode): string {
  if (error instanceof Stripe.errors.StripeAuthenticationError) {
    return `Stripe rejected the ${mode}-mode secret key (it may have been rolled). Update it in Stripe settings, then Retry.`;
  }
  if (error instanceof Stripe.errors.StripePermissionError) {
    return "The Stripe key is not allowed to write products and prices (a restricted key?). Use a key with Products write access, then Retry.";
  }
  if (error instanceof Stripe.errors.StripeRateLimitError) return "Stripe's rate limit was reached. Wait a minute, then Retry.";
  if (error instanceof Stripe.errors.StripeConnectionError) return "Stripe could not be reached (network problem or timeout). Retry in a moment.";
  if (error instanceof Stripe.errors.StripeInvalidRequestError) return `Stripe refused the request: ${error.message}`;
  if (error instanceof Stripe.errors.StripeError) return `Stripe answered with an error (${error.type}). Retry; if it persists, check Stripe's status page.`;
  return "Unexpected error while syncing. Retry; if it persists, check the server logs.";
}
