import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../client";
import {
  catalogPrices,
  catalogProducts,
  entitlementSets,
  memberStripeCustomers,
  productEntitlementSets,
  stripeCatalogMappings,
  subscriptionItems,
  subscriptions,
  ENTITLING_SUBSCRIPTION_STATUSES,
} from "../schema";


/**
 * Entitlement sets reached through a member's live subscriptions, in any mode:
 * member → Stripe customer (per mode) → subscription (active/trialing) → items' Stripe price →
 * the portal's price mapping (same mode) → product → its entitlement sets.
 *
 * Two statements on purpose: as one eight-table join, Postgres spent 23–45 ms PLANNING it on every
 * page (the pool plans each execution: db/client.ts) to run it in 0.6 ms; the member's side (three
 * tables) and the catalog's side (five) plan in about 1 ms each.
 */
export async function listSubscriptionEntitlementSets(db: Db, { tenantId, userId, userIds }: { tenantId: string; userId?: string; userIds?: readonly string[] }) {
  const items = await db
    .select({
      userId: memberStripeCustomers.userId,
      mode: subscriptions.mode,
      stripeSubscriptionId: subscriptions.stripeSubscriptionId,
      status: subscriptions.status,
      currentPeriodEnd: subscriptions.currentPeriodEnd,
      stripePriceId: subscriptionItems.stripePriceId,
    })
    .from(memberStripeCustomers)
    .innerJoin(
      subscriptions,
      and(
        eq(subscriptions.tenantId, memberStripeCustomers.tenantId),
        eq(subscriptions.mode, memberStripeCustomers.mode),
        eq(subscriptions.stripeCustomerId, memberStripeCustomers.stripeCustomerId),
      ),
    )
    .innerJoin(subscriptionItems, and(eq(subscriptionItems.tenantId, subscriptions.tenantId), eq(subscriptionItems.stripeSubscriptionId, subscriptions.stripeSubscriptionId)))
    .where(
      and(
        eq(memberStripeCustomers.tenantId, tenantId),
        userId ? eq(memberStripeCustomers.userId, userId) : undefined,
        userIds ? inArray(memberStripeCustomers.userId, [...userIds]) : undefined,
        inArray(subscriptions.status, [...ENTITLING_SUBSCRIPTION_STATUSES]),
      ),
    );
  if (items.length === 0) return [];
  const sets = await db
    .select({
      mode: stripeCatalogMappings.mode,
      stripePriceId: stripeCatalogMappings.stripeId,
      productName: catalogProducts.name,
      setId: entitlementSets.id,
      setName: entitlementSets.name,
      featureKeys: entitlementSets.featureKeys,
    })
    .from(stripeCatalogMappings)
    .innerJoin(catalogPrices, and(eq(catalogPrices.tenantId, stripeCatalogMappings.tenantId), eq(catalogPrices.id, stripeCatalogMappings.localId)))
    .innerJoin(catalogProducts, and(eq(catalogProducts.tenantId, catalogPrices.tenantId), eq(catalogProducts.id, catalogPrices.productId)))
    .innerJoin(productEntitlementSets, and(eq(productEntitlementSets.tenantId, catalogProducts.tenantId), eq(productEntitlementSets.productId, catalogProducts.id)))
    .innerJoin(entitlementSets, eq(entitlementSets.id, productEntitlementSets.entitlementSetId))
    .where(
      and(
        eq(stripeCatalogMappings.tenantId, tenantId),
        eq(stripeCatalogMappings.objectKind, "price"),
        inArray(stripeCatalogMappings.stripeId, [...new Set(items.map((i) => i.stripePriceId))]),
      ),
    );
  // The join's `mode` condition, kept: a price id maps only within its own mode.
  return items.flatMap(({ stripePriceId, ...item }) =>
    sets.filter((s) => s.stripePriceId === stripePriceId && s.mode === item.mode).map((s) => ({ ...item, productName: s.productName, setId: s.setId, setName: s.setName, featureKeys: s.featureKeys })),
  );
}
