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
 */
export async function listSubscriptionEntitlementSets(db: Db, { tenantId, userId, userIds }: { tenantId: string; userId?: string; userIds?: readonly string[] }) {
  return db
    .select({
      userId: memberStripeCustomers.userId,
      mode: subscriptions.mode,
      stripeSubscriptionId: subscriptions.stripeSubscriptionId,
      status: subscriptions.status,
      currentPeriodEnd: subscriptions.currentPeriodEnd,
      productName: catalogProducts.name,
      setId: entitlementSets.id,
      setName: entitlementSets.name,
      featureKeys: entitlementSets.featureKeys,
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
    .innerJoin(
      stripeCatalogMappings,
      and(
        eq(stripeCatalogMappings.tenantId, subscriptionItems.tenantId),
        eq(stripeCatalogMappings.mode, subscriptionItems.mode),
        eq(stripeCatalogMappings.objectKind, "price"),
        eq(stripeCatalogMappings.stripeId, subscriptionItems.stripePriceId),
      ),
    )
    .innerJoin(catalogPrices, and(eq(catalogPrices.tenantId, stripeCatalogMappings.tenantId), eq(catalogPrices.id, stripeCatalogMappings.localId)))
    .innerJoin(catalogProducts, and(eq(catalogProducts.tenantId, catalogPrices.tenantId), eq(catalogProducts.id, catalogPrices.productId)))
    .innerJoin(productEntitlementSets, and(eq(productEntitlementSets.tenantId, catalogProducts.tenantId), eq(productEntitlementSets.productId, catalogProducts.id)))
    .innerJoin(entitlementSets, eq(entitlementSets.id, productEntitlementSets.entitlementSetId))
    .where(
      and(
        eq(memberStripeCustomers.tenantId, tenantId),
        userId ? eq(memberStripeCustomers.userId, userId) : undefined,
        userIds ? inArray(memberStripeCustomers.userId, [...userIds]) : undefined,
        inArray(subscriptions.status, [...ENTITLING_SUBSCRIPTION_STATUSES]),
      ),
    );
}
