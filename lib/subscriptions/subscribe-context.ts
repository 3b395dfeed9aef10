import type { Db } from "@/db/client";
import { getSubscribablePrice } from "@/db/queries/member-subscriptions";
import { resolveActiveMode, stripeFor, StripeNotConfiguredError } from "@/lib/stripe-connection/resolve";
import { isUuid } from "@/lib/ids";

type Price = NonNullable<Awaited<ReturnType<typeof getSubscribablePrice>>>;
export type SubscribeContext = { kind: "no_price" } | { kind: "not_configured"; price: Price } | { kind: "ok"; price: Price; publishableKey: string };

/** What the subscribe page needs: the plan price in the active mode, and the key for Stripe.js. */
export async function loadSubscribeContext(db: Db, { tenantId, priceId }: { tenantId: string; priceId: string }): Promise<SubscribeContext> {
  if (!isUuid(priceId)) return { kind: "no_price" };
  const mode = await resolveActiveMode(db, { tenantId });
  const price = await getSubscribablePrice(db, { tenantId, priceId, mode });
  if (!price) return { kind: "no_price" };
  try {
    const stripe = await stripeFor(db, { tenantId, mode });
    if (!price.stripePriceId) return { kind: "not_configured", price };
    return { kind: "ok", price, publishableKey: stripe.publishableKey };
  } catch (error) {
    if (error instanceof StripeNotConfiguredError) return { kind: "not_configured", price };
    throw error;
  }
}
