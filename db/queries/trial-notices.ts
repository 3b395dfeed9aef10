import { and, desc, eq, gt } from "drizzle-orm";
import type { Db } from "../client";
import { catalogPrices, catalogProducts, memberStripeCustomers, subscriptions, trialNotices, type StripeMode } from "../schema";

/** Records the trial notice; false when this (subscription, trial end) already has one. */
export async function insertTrialNotice(
  db: Db,
  input: { tenantId: string; mode: StripeMode; stripeSubscriptionId: string; stripeCustomerId: string; trialEnd: Date },
): Promise<boolean> {
  const rows = await db.insert(trialNotices).values(input).onConflictDoNothing().returning({ id: trialNotices.id });
  return rows.length > 0;
}

/** The plan a portal subscription was started for (its metadata names the catalog price). */
export async function findPlanOfCatalogPrice(db: Db, { tenantId, priceId }: { tenantId: string; priceId: string }) {
  const [row] = await db
    .select({ productName: catalogProducts.name, amount: catalogPrices.amount, currency: catalogPrices.currency, interval: catalogPrices.interval })
    .from(catalogPrices)
    .innerJoin(catalogProducts, and(eq(catalogProducts.id, catalogPrices.productId), eq(catalogProducts.tenantId, tenantId)))
    .where(and(eq(catalogPrices.tenantId, tenantId), eq(catalogPrices.id, priceId)))
    .limit(1);
  return row ?? null;
}

/** A member's trial notices whose subscription is still trialing and whose trial has not ended. */
export async function listOpenTrialNotices(db: Db, { tenantId, userId, now }: { tenantId: string; userId: string; now: Date }) {
  return db
    .select({ id: trialNotices.id, stripeSubscriptionId: trialNotices.stripeSubscriptionId, trialEnd: trialNotices.trialEnd })
    .from(trialNotices)
    .innerJoin(
      memberStripeCustomers,
      and(eq(memberStripeCustomers.tenantId, trialNotices.tenantId), eq(memberStripeCustomers.mode, trialNotices.mode), eq(memberStripeCustomers.stripeCustomerId, trialNotices.stripeCustomerId)),
    )
    .innerJoin(subscriptions, and(eq(subscriptions.tenantId, trialNotices.tenantId), eq(subscriptions.stripeSubscriptionId, trialNotices.stripeSubscriptionId)))
    .where(
      and(
        eq(trialNotices.tenantId, tenantId),
        eq(memberStripeCustomers.userId, userId),
        eq(subscriptions.status, "trialing"),
        eq(subscriptions.trialEnd, trialNotices.trialEnd),
        gt(trialNotices.trialEnd, now),
      ),
    )
    .orderBy(desc(trialNotices.createdAt));
}
