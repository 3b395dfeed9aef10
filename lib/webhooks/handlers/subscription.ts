import { and, eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { subscriptionItems, subscriptions } from "@/db/schema";
import { defineHandler, idOf, toDate, type ProjectionContext, type RowScope } from "../context";
import { IF_CLAIMED, watermarkOf, type FastEffect } from "../fast-path";
import { ORDERING } from "../ordering";
import { lockWatermark, projectOrdered, type WrittenWatermark } from "../project-ordered";

const STATUS = `"subscriptions"."status"`;

function rowValues(ctx: RowScope, sub: Stripe.Subscription, wm: WrittenWatermark) {
  const items = sub.items.data;
  const starts = items.map((i) => i.current_period_start);
  const ends = items.map((i) => i.current_period_end);
  return {
    tenantId: ctx.tenantId,
    mode: ctx.mode,
    stripeSubscriptionId: sub.id,
    stripeCustomerId: idOf(sub.customer) ?? "",
    status: sub.status,
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    currentPeriodStart: starts.length ? toDate(Math.min(...starts)) : null,
    currentPeriodEnd: ends.length ? toDate(Math.max(...ends)) : null,
    canceledAt: toDate(sub.canceled_at),
    endedAt: toDate(sub.ended_at),
    stripeLatestInvoiceId: idOf(sub.latest_invoice),
    metadata: sub.metadata,
    ...wm,
    updatedAt: new Date(),
  };
}

function itemRows(ctx: RowScope, sub: Stripe.Subscription, wm: WrittenWatermark) {
  return sub.items.data.map((item) => ({
    tenantId: ctx.tenantId,
    mode: ctx.mode,
    stripeSubscriptionItemId: item.id,
    stripeSubscriptionId: sub.id,
    stripePriceId: item.price.id,
    stripeProductId: idOf(item.price.product),
    quantity: item.quantity ?? null,
    currentPeriodStart: new Date(item.current_period_start * 1000),
    currentPeriodEnd: new Date(item.current_period_end * 1000),
    ...wm,
  }));
}

/** The items are part of the snapshot: replace them whenever the subscription row is written. */
async function replaceItems(ctx: ProjectionContext, sub: Stripe.Subscription, wm: WrittenWatermark, fresh = false) {
  // A subscription row that did not exist yet has no items to remove.
  if (!fresh) {
    await ctx.tx.delete(subscriptionItems).where(and(eq(subscriptionItems.tenantId, ctx.tenantId), eq(subscriptionItems.stripeSubscriptionId, sub.id)));
  }
  if (sub.items.data.length === 0) return;
  await ctx.tx.insert(subscriptionItems).values(itemRows(ctx, sub, wm));
}

/**
 * replaceItems for the fast path, as two effects of one statement: remove the items the snapshot
 * no longer has, upsert the ones it has (a delete and a re-insert of one key cannot share a statement).
 */
function fastItemEffects(scope: RowScope, sub: Stripe.Subscription, wm: WrittenWatermark): FastEffect[] {
  const rows = itemRows(scope, sub, wm);
  const removeOthers: FastEffect = (s) => {
    const keep = rows.map((r) => s.param(r.stripeSubscriptionItemId));
    return (
      `delete from "subscription_items" where "tenant_id" = ${s.param(scope.tenantId, "uuid")} and "stripe_subscription_id" = ${s.param(sub.id)}` +
      (keep.length ? ` and "stripe_subscription_item_id" not in (${keep.join(", ")})` : "") +
      ` and ${IF_CLAIMED} returning 1`
    );
  };
  if (rows.length === 0) return [removeOthers];
  const upsertItems: FastEffect = (s) =>
    s.upsert(subscriptionItems, [subscriptionItems.tenantId, subscriptionItems.stripeSubscriptionItemId], rows, { condition: IF_CLAIMED, returning: "1" });
  return [removeOthers, upsertItems];
}

export const subscriptionHandler = defineHandler({
  name: "subscription",
  types: ["customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted"],
  async handle(ctx, event) {
    const sub = event.data.object;
    const where = and(eq(subscriptions.tenantId, ctx.tenantId), eq(subscriptions.stripeSubscriptionId, sub.id));
    const result = await projectOrdered(ctx, {
      rule: ORDERING.subscriptions,
      snapshot: sub,
      statusOf: (s) => s.status,
      lock: () => lockWatermark(ctx, { table: subscriptions, key: subscriptions.stripeSubscriptionId, value: sub.id, status: sql.raw(STATUS) }),
      insert: async (s, wm) => {
        const inserted = await ctx.tx.insert(subscriptions).values(rowValues(ctx, s, wm)).onConflictDoNothing().returning({ id: subscriptions.id });
        if (inserted.length) await replaceItems(ctx, s, wm, true);
        return inserted.length > 0;
      },
      update: async (s, wm) => {
        await ctx.tx.update(subscriptions).set(rowValues(ctx, s, wm)).where(where);
        await replaceItems(ctx, s, wm);
      },
      fetch: () => ctx.fetchLatest("subscription", sub.id),
    });
    return { status: "processed", note: result };
  },
  fast: (scope, event) => {
    const sub = event.data.object;
    const wm = watermarkOf(scope);
    return {
      projections: [
        {
          table: subscriptions,
          conflict: [subscriptions.tenantId, subscriptions.stripeSubscriptionId],
          values: rowValues(scope, sub, wm),
          rule: ORDERING.subscriptions,
          status: sub.status,
          existingStatus: STATUS,
        },
      ],
      effects: fastItemEffects(scope, sub, wm),
    };
  },
});
