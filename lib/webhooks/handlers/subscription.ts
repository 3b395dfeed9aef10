import { sql } from "drizzle-orm";
import type Stripe from "stripe";
import { subscriptionItems, subscriptionMrrSnapshots, subscriptions } from "@/db/schema";
import { monthlyAmountOf } from "@/lib/reports/monthly-amount";
import { defineHandler, idOf, toDate, type PlanScope, type RowScope } from "../context";
import { ORDERING } from "../ordering";
import { project, type Effect, type ProjectionSpec, type WrittenWatermark } from "../projection";

function rowValues(scope: RowScope, sub: Stripe.Subscription, wm: WrittenWatermark) {
  const items = sub.items.data;
  const starts = items.map((i) => i.current_period_start);
  const ends = items.map((i) => i.current_period_end);
  return {
    tenantId: scope.tenantId,
    mode: scope.mode,
    stripeSubscriptionId: sub.id,
    stripeCustomerId: idOf(sub.customer) ?? "",
    status: sub.status,
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    currentPeriodStart: starts.length ? toDate(Math.min(...starts)) : null,
    currentPeriodEnd: ends.length ? toDate(Math.max(...ends)) : null,
    canceledAt: toDate(sub.canceled_at),
    endedAt: toDate(sub.ended_at),
    trialEnd: toDate(sub.trial_end),
    stripeLatestInvoiceId: idOf(sub.latest_invoice),
    metadata: sub.metadata,
    ...wm,
    updatedAt: new Date(),
  };
}

/** The items are part of the snapshot: replaced whenever the subscription row is written. */
function items(scope: RowScope, sub: Stripe.Subscription, wm: WrittenWatermark) {
  return {
    table: subscriptionItems,
    key: ["tenantId", "stripeSubscriptionItemId"],
    parent: { tenantId: scope.tenantId, stripeSubscriptionId: sub.id },
    rows: sub.items.data.map((item) => ({
      tenantId: scope.tenantId,
      mode: scope.mode,
      stripeSubscriptionItemId: item.id,
      stripeSubscriptionId: sub.id,
      stripePriceId: item.price.id,
      stripeProductId: idOf(item.price.product),
      quantity: item.quantity ?? null,
      currentPeriodStart: new Date(item.current_period_start * 1000),
      currentPeriodEnd: new Date(item.current_period_end * 1000),
      ...wm,
    })),
  };
}

const SUBSCRIPTION: ProjectionSpec<Stripe.Subscription> = {
  table: subscriptions,
  key: ["tenantId", "stripeSubscriptionId"],
  rule: ORDERING.subscriptions,
  existingStatus: sql`${subscriptions.status}`,
  statusOf: (s) => s.status,
  idOf: (s) => s.id,
  values: rowValues,
  children: items,
  fetch: (latest, s) => latest("subscription", s.id),
};

/**
 * The snapshot's status and monthly amount at the event's time, for revenue reports (MRR and its
 * movement need every state, not only the latest). One row per event: a duplicate delivery writes
 * nothing new, and an older snapshot arriving late still lands at its own time. A snapshot without a
 * currency (Stripe always sends one) has no money to attribute: nothing is written for it.
 */
function mrrSnapshots(scope: PlanScope, sub: Stripe.Subscription): Effect[] {
  const first = sub.items.data[0];
  const currency = sub.currency ?? first?.price.currency;
  if (!currency) return [];
  const row = {
    tenantId: scope.tenantId,
    mode: scope.mode,
    stripeSubscriptionId: sub.id,
    stripeCustomerId: idOf(sub.customer),
    stripeEventId: scope.eventId,
    effectiveAt: new Date(scope.created * 1000),
    status: sub.status,
    currency,
    monthlyAmount: monthlyAmountOf(sub.items.data),
    stripeProductId: first ? idOf(first.price.product) : null,
    stripePriceId: first?.price.id ?? null,
  };
  return [{ kind: "upsert", table: subscriptionMrrSnapshots, key: ["tenantId", "stripeEventId", "stripeSubscriptionId"], row, set: { effectiveAt: "excluded" } }];
}

export const subscriptionHandler = defineHandler({
  name: "subscription",
  types: ["customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted"],
  plan: (scope, event) => ({ projections: [project(SUBSCRIPTION, scope, event.data.object)], effects: mrrSnapshots(scope, event.data.object) }),
});
