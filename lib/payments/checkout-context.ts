import type { Db } from "@/db/client";
import { getPayablePrice } from "@/db/queries/payable-prices";
import { findMemberCustomerId } from "@/db/queries/member-stripe-customers";
import { listSavedCards } from "@/db/queries/saved-cards";
import { resolveStripe, StripeNotConfiguredError } from "@/lib/stripe/resolve";

export type CardLabel = { id: string; label: string };

export function cardLabel(c: { brand: string | null; last4: string | null; expMonth: number | null; expYear: number | null }): string {
  const brand = c.brand ? c.brand[0]!.toUpperCase() + c.brand.slice(1) : "Card";
  const exp = c.expMonth && c.expYear ? ` · expires ${String(c.expMonth).padStart(2, "0")}/${String(c.expYear).slice(-2)}` : "";
  return `${brand} ending ${c.last4 ?? "????"}${exp}`;
}

/** What the checkout page needs: the price, the tenant's publishable key (or why not), saved cards. */
export async function loadCheckout(db: Db, { tenantId, userId, priceId }: { tenantId: string; userId: string; priceId: string }) {
  const price = /^[0-9a-f-]{36}$/i.test(priceId) ? await getPayablePrice(db, { tenantId, priceId }) : undefined;
  if (!price) return { kind: "no_price" as const };
  let stripe;
  try {
    stripe = await resolveStripe(db, { tenantId });
  } catch (error) {
    if (error instanceof StripeNotConfiguredError) return { kind: "not_configured" as const, price };
    throw error;
  }
  const customerId = await findMemberCustomerId(db, { tenantId, userId, mode: stripe.mode });
  const cards = customerId ? await listSavedCards(db, { tenantId, mode: stripe.mode, stripeCustomerId: customerId }) : [];
  return { kind: "ready" as const, price, publishableKey: stripe.publishableKey, mode: stripe.mode, savedCards: cards.map((c) => ({ id: c.id, label: cardLabel(c) })) };
}
