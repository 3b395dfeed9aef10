import type Stripe from "stripe";
import type { Db } from "@/db/client";
import { upsertMapping } from "@/db/queries/catalog-mappings";
import { setProductEntitlementSets } from "@/db/queries/catalog-products";
import { insertEntitlementSet } from "@/db/queries/entitlement-sets";
import { catalogPrices, catalogProducts } from "@/db/schema";

/**
 * A membership plan with monthly prices, synced to the tenant's (emulated) Stripe account and
 * mapped the way catalog sync maps them, and an entitlement set the plan confers.
 */
export async function createPlan(db: Db, tenantId: string, stripe: Stripe, { name = "Gold membership", amounts = [1000], feature = "member-area" } = {}) {
  const [product] = await db.insert(catalogProducts).values({ tenantId, kind: "membership_plan", name }).returning();
  const stripeProduct = await stripe.products.create({ name });
  const set = await insertEntitlementSet(db, { tenantId, name: `${name} access`, description: null, featureKeys: [feature] });
  await setProductEntitlementSets(db, { tenantId, productId: product!.id, setIds: [set.id] });
  const prices = [];
  for (const amount of amounts) {
    const [price] = await db
      .insert(catalogPrices)
      .values({ tenantId, productId: product!.id, amount, currency: "usd", type: "recurring", interval: "month", intervalCount: 1, nickname: `$${amount / 100}/mo` })
      .returning();
    const stripePrice = await stripe.prices.create({ product: stripeProduct.id, currency: "usd", unit_amount: amount, recurring: { interval: "month" }, nickname: `$${amount / 100}/mo` });
    await upsertMapping(db, { tenantId, mode: "test", objectKind: "price", localId: price!.id }, { status: "synced", stripeId: stripePrice.id });
    prices.push(price!);
  }
  return { product: product!, prices, set };
}

/** The PaymentIntent id inside a client secret (`pi_…_secret_…`). */
export const intentOfSecret = (secret: string | null) => (secret ?? "").split("_secret_")[0] ?? "";
