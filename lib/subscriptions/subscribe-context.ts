import type { Db } from "@/db/client";
import { findMemberCustomerId } from "@/db/queries/member-stripe-customers";
import { getSubscribablePrice } from "@/db/queries/member-subscriptions";
import { listSavedCards } from "@/db/queries/saved-cards";
import { cardLabel, type CardLabel } from "@/lib/payments/checkout-context";
import { resolveActiveMode, stripeFor, StripeNotConfiguredError } from "@/lib/stripe-connection/resolve";
import { isUuid } from "@/lib/ids";

/** The plan price, with when a free trial started now would end (its first charge). */
type Price = NonNullable<Awaited<ReturnType<typeof getSubscribablePrice>>> & { trialEndsAt: Date | null };
export type SubscribeContext = { kind: "no_price" } | { kind: "not_configured"; price: Price } | { kind: "ok"; price: Price; publishableKey: string; savedCards: CardLabel[] };

/** What the subscribe page needs: the plan price in the active mode, the key for Stripe.js, the member's saved cards. */
export async function loadSubscribeContext(db: Db, { tenantId, userId, priceId }: { tenantId: string; userId: string; priceId: string }): Promise<SubscribeContext> {
  if (!isUuid(priceId)) return { kind: "no_price" };
  const mode = await resolveActiveMode(db, { tenantId });
  const row = await getSubscribablePrice(db, { tenantId, priceId, mode });
  if (!row) return { kind: "no_price" };
  const price = { ...row, trialEndsAt: row.trialDays ? new Date(Date.now() + row.trialDays * 86_400_000) : null };
  try {
    const stripe = await stripeFor(db, { tenantId, mode });
    if (!price.stripePriceId) return { kind: "not_configured", price };
    const customerId = await findMemberCustomerId(db, { tenantId, userId, mode });
    const cards = customerId ? await listSavedCards(db, { tenantId, mode, stripeCustomerId: customerId }) : [];
    return { kind: "ok", price, publishableKey: stripe.publishableKey, savedCards: cards.map((c) => ({ id: c.id, label: cardLabel(c) })) };
  } catch (error) {
    if (error instanceof StripeNotConfiguredError) return { kind: "not_configured", price };
    throw error;
  }
}
