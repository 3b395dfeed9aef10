import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../client";
import { catalogPrices, catalogProducts, memberSubscriptions, stripeCatalogMappings, subscriptionItems, subscriptions, users, type StripeMode } from "../schema";

type PlanKey = { tenantId: string; userId: string; productId: string; mode: StripeMode };

/** What subscribing needs to know about a plan price, including its Stripe id in the mode. */
const PLAN_PRICE_COLUMNS = {
  priceId: catalogPrices.id,
  productId: catalogProducts.id,
  productName: catalogProducts.name,
  nickname: catalogPrices.nickname,
  amount: catalogPrices.amount,
  currency: catalogPrices.currency,
  interval: catalogPrices.interval,
  trialDays: catalogPrices.trialDays,
  stripePriceId: stripeCatalogMappings.stripeId,
};

/** Joins a catalog price to its Stripe price in `mode` (tenant-scoped). */
function priceMapping(tenantId: string, mode: StripeMode) {
  return and(
    eq(stripeCatalogMappings.tenantId, tenantId),
    eq(stripeCatalogMappings.mode, mode),
    eq(stripeCatalogMappings.objectKind, "price"),
    eq(stripeCatalogMappings.localId, catalogPrices.id),
  );
}

/**
 * A recurring price of an active membership plan that exists in Stripe in `mode`: the only thing a
 * member can subscribe or switch to. The Stripe price id comes from the catalog's mapping.
 */
export async function getSubscribablePrice(db: Db, { tenantId, priceId, mode }: { tenantId: string; priceId: string; mode: StripeMode }) {
  const [row] = await db
    .select(PLAN_PRICE_COLUMNS)
    .from(catalogPrices)
    .innerJoin(catalogProducts, and(eq(catalogProducts.id, catalogPrices.productId), eq(catalogProducts.tenantId, tenantId)))
    .leftJoin(stripeCatalogMappings, priceMapping(tenantId, mode))
    .where(
      and(
        eq(catalogPrices.tenantId, tenantId),
        eq(catalogPrices.id, priceId),
        eq(catalogPrices.type, "recurring"),
        eq(catalogPrices.active, true),
        eq(catalogProducts.active, true),
        eq(catalogProducts.kind, "membership_plan"),
      ),
    )
    .limit(1);
  return row;
}

/** The member's subscriptions to this plan with their projected status (null: no webhook yet). */
export async function listMemberPlanSubscriptions(db: Db, { tenantId, userId, productId, mode }: PlanKey) {
  return db
    .select({ stripeSubscriptionId: memberSubscriptions.stripeSubscriptionId, createdAt: memberSubscriptions.createdAt, status: subscriptions.status })
    .from(memberSubscriptions)
    .leftJoin(subscriptions, and(eq(subscriptions.tenantId, memberSubscriptions.tenantId), eq(subscriptions.stripeSubscriptionId, memberSubscriptions.stripeSubscriptionId)))
    .where(
      and(
        eq(memberSubscriptions.tenantId, tenantId),
        eq(memberSubscriptions.userId, userId),
        eq(memberSubscriptions.productId, productId),
        eq(memberSubscriptions.mode, mode),
      ),
    )
    .orderBy(desc(memberSubscriptions.createdAt));
}

export async function insertMemberSubscription(
  db: Db,
  input: { tenantId: string; mode: StripeMode; userId: string; productId: string; catalogPriceId: string; stripeSubscriptionId: string; stripeCustomerId: string },
) {
  await db.insert(memberSubscriptions).values(input).onConflictDoNothing();
}

/** After a plan change the subscription belongs to the new price (and maybe product). */
export async function updateMemberSubscriptionPrice(db: Db, { tenantId, stripeSubscriptionId, productId, catalogPriceId }: { tenantId: string; stripeSubscriptionId: string; productId: string; catalogPriceId: string }) {
  await db
    .update(memberSubscriptions)
    .set({ productId, catalogPriceId })
    .where(and(eq(memberSubscriptions.tenantId, tenantId), eq(memberSubscriptions.stripeSubscriptionId, stripeSubscriptionId)));
}

/** One subscription of this tenant (any member), with the projection's view of it. */
export async function getMemberSubscription(db: Db, { tenantId, stripeSubscriptionId }: { tenantId: string; stripeSubscriptionId: string }) {
  const [row] = await listSubscriptionRows(db, { tenantId, stripeSubscriptionId });
  return row;
}

/** The columns a subscription list shows: the member, the plan and price, and Stripe's status. */
export const subscriptionRowFields = {
  id: memberSubscriptions.id,
  mode: memberSubscriptions.mode,
  userId: memberSubscriptions.userId,
  userEmail: users.email,
  productId: memberSubscriptions.productId,
  productName: catalogProducts.name,
  catalogPriceId: memberSubscriptions.catalogPriceId,
  priceNickname: catalogPrices.nickname,
  amount: catalogPrices.amount,
  currency: catalogPrices.currency,
  interval: catalogPrices.interval,
  stripeSubscriptionId: memberSubscriptions.stripeSubscriptionId,
  stripeCustomerId: memberSubscriptions.stripeCustomerId,
  createdAt: memberSubscriptions.createdAt,
  status: subscriptions.status,
  cancelAtPeriodEnd: subscriptions.cancelAtPeriodEnd,
  currentPeriodEnd: subscriptions.currentPeriodEnd,
  trialEnd: subscriptions.trialEnd,
  canceledAt: subscriptions.canceledAt,
  endedAt: subscriptions.endedAt,
  stripeLatestInvoiceId: subscriptions.stripeLatestInvoiceId,
};

/** How a member_subscriptions row finds its Stripe subscription's projection. */
export const projectedSubscription = and(eq(subscriptions.tenantId, memberSubscriptions.tenantId), eq(subscriptions.stripeSubscriptionId, memberSubscriptions.stripeSubscriptionId));

/** Subscriptions the portal knows, newest first; `userId` narrows to one member. */
export async function listSubscriptionRows(db: Db, { tenantId, userId, stripeSubscriptionId, mode }: { tenantId: string; userId?: string; stripeSubscriptionId?: string; mode?: StripeMode }) {
  return db
    .select(subscriptionRowFields)
    .from(memberSubscriptions)
    .innerJoin(users, eq(users.id, memberSubscriptions.userId))
    .innerJoin(catalogProducts, eq(catalogProducts.id, memberSubscriptions.productId))
    .innerJoin(catalogPrices, eq(catalogPrices.id, memberSubscriptions.catalogPriceId))
    .leftJoin(subscriptions, projectedSubscription)
    .where(
      and(
        eq(memberSubscriptions.tenantId, tenantId),
        userId ? eq(memberSubscriptions.userId, userId) : undefined,
        stripeSubscriptionId ? eq(memberSubscriptions.stripeSubscriptionId, stripeSubscriptionId) : undefined,
        mode ? eq(memberSubscriptions.mode, mode) : undefined,
      ),
    )
    .orderBy(desc(memberSubscriptions.createdAt));
}

/** The Stripe price ids on a subscription's items (from the projection). */
export async function listSubscriptionPriceIds(db: Db, { tenantId, stripeSubscriptionIds }: { tenantId: string; stripeSubscriptionIds: string[] }) {
  if (stripeSubscriptionIds.length === 0) return [];
  return db
    .select({ stripeSubscriptionId: subscriptionItems.stripeSubscriptionId, stripePriceId: subscriptionItems.stripePriceId, currentPeriodEnd: subscriptionItems.currentPeriodEnd })
    .from(subscriptionItems)
    .where(and(eq(subscriptionItems.tenantId, tenantId), inArray(subscriptionItems.stripeSubscriptionId, stripeSubscriptionIds)));
}

/** Recurring membership-plan prices synced to Stripe in `mode`: the subscribe buttons and plan-change choices. */
export async function listPlanPrices(db: Db, { tenantId, mode }: { tenantId: string; mode: StripeMode }) {
  return db
    .select({ ...PLAN_PRICE_COLUMNS, description: catalogProducts.description })
    .from(catalogPrices)
    .innerJoin(catalogProducts, and(eq(catalogProducts.id, catalogPrices.productId), eq(catalogProducts.tenantId, tenantId)))
    .innerJoin(stripeCatalogMappings, priceMapping(tenantId, mode))
    .where(
      and(
        eq(catalogPrices.tenantId, tenantId),
        eq(catalogPrices.type, "recurring"),
        eq(catalogPrices.active, true),
        eq(catalogProducts.active, true),
        eq(catalogProducts.kind, "membership_plan"),
      ),
    )
    .orderBy(catalogProducts.name, catalogPrices.amount);
}
