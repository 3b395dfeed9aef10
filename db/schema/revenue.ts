import { bigint, bigserial, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./tenants";
import type { StripeMode } from "./webhook-events";

/**
 * Every subscription snapshot Stripe sent, reduced to what revenue reports need: its status and its
 * monthly recurring amount at the event's time. The `subscriptions` projection keeps only the latest
 * snapshot; MRR movement (new, expansion, contraction, churn) needs the history. Written by the
 * subscription webhook handler as an order-insensitive effect (one row per event, so duplicates and
 * late deliveries change nothing); the reports take, for each subscription and each moment, the
 * latest row at or before it (lib/reports, db/queries/revenue-reports.ts).
 */
export const subscriptionMrrSnapshots = pgTable(
  "subscription_mrr_snapshots",
  {
    /** Arrival order: breaks ties between snapshots of one subscription within one second. */
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    mode: text("mode").$type<StripeMode>().notNull(),
    stripeSubscriptionId: text("stripe_subscription_id").notNull(),
    stripeCustomerId: text("stripe_customer_id"),
    stripeEventId: text("stripe_event_id").notNull(),
    /** The event's `created`: from this moment the subscription was in this state. */
    effectiveAt: timestamp("effective_at", { withTimezone: true }).notNull(),
    status: text("status").notNull(),
    currency: text("currency").notNull(),
    /** Sum over items of price × quantity per month (a yearly price counts a twelfth), minor units. */
    monthlyAmount: bigint("monthly_amount", { mode: "number" }).notNull(),
    /** The first item's product and price (portal plans have one item). */
    stripeProductId: text("stripe_product_id"),
    stripePriceId: text("stripe_price_id"),
  },
  (t) => [
    uniqueIndex("subscription_mrr_snapshots_event_uq").on(t.tenantId, t.stripeEventId, t.stripeSubscriptionId),
    index("subscription_mrr_snapshots_sub_idx").on(t.tenantId, t.mode, t.stripeSubscriptionId, t.effectiveAt, t.seq),
  ],
);
