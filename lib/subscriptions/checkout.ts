import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { getMapping } from "@/db/queries/catalog-mappings";
import { getPrice, getProduct } from "@/db/queries/catalog-products";
import { DomainError } from "@/lib/errors/domain-error";
import { can } from "@/lib/auth/permissions";
import { env } from "@/lib/env";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { ensureMemberCustomer } from "@/lib/payments/ensure-member-customer";
import { stripeFor } from "@/lib/stripe-connection/resolve";
import { createEmbeddedCheckout, retrieveCheckout } from "@/lib/stripe/checkout-sessions";
import { assertTenantTakesPayments } from "@/lib/platform/tenant-status";
import { automaticTaxFor } from "@/lib/tax/tax-quote";

/**
 * The alternative to the Payment Element (seeds 002/003): an embedded Checkout Session for one
 * catalog price — a one-time payment or a membership subscription. The amount comes from Stripe's
 * price (synced from the catalog); the webhook projects checkout.session.completed / .expired.
 */
export async function createMemberCheckout(db: Db, actor: TenantActor, { priceId }: { priceId: string }) {
  await assertTenantTakesPayments(db, { tenantId: actor.tenantId });
  const price = await getPrice(db, { tenantId: actor.tenantId, priceId });
  const product = price ? await getProduct(db, { tenantId: actor.tenantId, productId: price.productId }) : undefined;
  if (!price || !product || !price.active || !product.active) throw new DomainError("not_found", "No such price.", "price_id");
  const stripe = await stripeFor(db, { tenantId: actor.tenantId });
  const mapping = await getMapping(db, { tenantId: actor.tenantId, mode: stripe.mode, objectKind: "price", localId: price.id });
  if (!mapping?.stripeId) throw new DomainError("conflict", "This price is not available in Stripe yet. An admin must sync it.", "price_id");
  const customerId = await ensureMemberCustomer(db, stripe, actor);
  const automaticTax = await automaticTaxFor(db, stripe, { tenantId: actor.tenantId, customerId });
  const returnUrl = `${new URL(`/${actor.tenantSlug}/billing/checkout/return`, env().APP_URL).toString()}?session_id={CHECKOUT_SESSION_ID}`;
  const session = await createEmbeddedCheckout(
    stripe.client,
    {
      stripePriceId: mapping.stripeId,
      mode: price.type === "recurring" ? "subscription" : "payment",
      customerId,
      returnUrl,
      automaticTax,
      metadata: { memberpulse_tenant_id: actor.tenantId, memberpulse_user_id: actor.userId, memberpulse_price_id: price.id },
    },
    `memberpulse-checkout-${randomUUID()}`,
  );
  return { ...session, publishableKey: stripe.publishableKey, stripeAccount: stripe.stripeAccount ?? null };
}

/** A session's status, for its member (or an admin of the same tenant); anything else is a 404. */
export async function readMemberCheckout(db: Db, actor: TenantActor, sessionId: string) {
  const stripe = await stripeFor(db, { tenantId: actor.tenantId });
  const session = await retrieveCheckout(stripe.client, sessionId).catch((error: unknown) => {
    if (error instanceof DomainError && error.code === "stripe_error") throw new DomainError("not_found", "No such checkout session.");
    throw error;
  });
  const own = session.metadata.memberpulse_tenant_id === actor.tenantId && (session.metadata.memberpulse_user_id === actor.userId || can(actor.role, "payments.view_all"));
  if (!own) throw new DomainError("not_found", "No such checkout session.");
  return session;
}
