import type { Db } from "@/db/client";
import { getPrice } from "@/db/queries/catalog-products";
import { getPayablePrice } from "@/db/queries/payable-prices";
import { findMemberCustomerId } from "@/db/queries/member-stripe-customers";
import { listSavedCards } from "@/db/queries/saved-cards";
import { resolvePublishableKey, StripeNotConfiguredError } from "@/lib/stripe-connection/resolve";
import { isUuid } from "@/lib/ids";

export type CardLabel = { id: string; label: string };

export function cardLabel(c: { brand: string | null; last4: string | null; expMonth: number | null; expYear: number | null }): string {
  const brand = c.brand ? c.brand[0]!.toUpperCase() + c.brand.slice(1) : "Card";
  const exp = c.expMonth && c.expYear ? ` · expires ${String(c.expMonth).padStart(2, "0")}/${String(c.expYear).slice(-2)}` : "";
  return `${brand} ending ${c.last4 ?? "????"}${exp}`;
}

// A price id from the URL that is not even shaped like a uuid would make Postgres throw: it is simply "no such price".
const looksLikeId = isUuid;

/** The tenant's key for Stripe.js, or null when its Stripe is not configured (the page then says so). */
async function publishableKeyOrNull(db: Db, { tenantId }: { tenantId: string }) {
  try {
    return await resolvePublishableKey(db, { tenantId });
  } catch (error) {
    if (error instanceof StripeNotConfiguredError) return null;
    throw error;
  }
}

/** What the checkout page needs: the price, the tenant's publishable key (or why not), saved cards. */
export async function loadCheckout(db: Db, { tenantId, userId, priceId }: { tenantId: string; userId: string; priceId: string }) {
  const price = looksLikeId(priceId) ? await getPayablePrice(db, { tenantId, priceId }) : undefined;
  if (!price) return { kind: "no_price" as const };
  const stripe = await publishableKeyOrNull(db, { tenantId });
  if (!stripe) return { kind: "not_configured" as const, price };
  const customerId = await findMemberCustomerId(db, { tenantId, userId, mode: stripe.mode });
  const cards = customerId ? await listSavedCards(db, { tenantId, mode: stripe.mode, stripeCustomerId: customerId }) : [];
  return { kind: "ready" as const, price, publishableKey: stripe.publishableKey, mode: stripe.mode, savedCards: cards.map((c) => ({ id: c.id, label: cardLabel(c) })) };
}

/**
 * What the embedded Checkout page needs: an active price (one-time or a plan; createMemberCheckout
 * decides the rest when the member starts paying) and the publishable key, or why not.
 */
export async function loadEmbeddedCheckout(db: Db, { tenantId, priceId }: { tenantId: string; priceId: string }) {
  const price = looksLikeId(priceId) ? await getPrice(db, { tenantId, priceId }) : undefined;
  if (!price || !price.active) return { kind: "no_price" as const };
  const stripe = await publishableKeyOrNull(db, { tenantId });
  if (!stripe) return { kind: "not_configured" as const, price };
  return { kind: "ready" as const, price, publishableKey: stripe.publishableKey };
}
