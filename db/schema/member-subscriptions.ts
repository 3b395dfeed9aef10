import { bigint, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { catalogPrices, catalogProducts } from "./catalog";
import { tenants } from "./tenants";
import type { StripeMode } from "./webhook-events";

/**
 * Subscriptions the portal started for a member, written when Stripe answers the create call —
 * before any webhook. It links member ↔ plan ↔ Stripe subscription and is the double-subscribe guard:
 * under a per-(member, plan) lock, a recent incomplete row is reused (a double click gets the same
 * subscription), a live one is a 409. Status always comes from the `subscriptions` projection.
 */
export const memberSubscriptions = pgTable(
  "member_subscriptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    mode: text("mode").$type<StripeMode>().notNull(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    productId: uuid("product_id").notNull().references(() => catalogProducts.id, { onDelete: "cascade" }),
    catalogPriceId: uuid("catalog_price_id").notNull().references(() => catalogPrices.id, { onDelete: "cascade" }),
    stripeSubscriptionId: text("stripe_subscription_id").notNull(),
    stripeCustomerId: text("stripe_customer_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("member_subscriptions_tenant_stripe_uq").on(t.tenantId, t.stripeSubscriptionId),
    index("member_subscriptions_member_product_idx").on(t.tenantId, t.userId, t.productId, t.mode),
  ],
);

/** What a billing notice asks of the member: pay (a failed payment) or confirm with the bank (3-D Secure). */
export type BillingNoticeKind = "payment_failed" | "payment_action_required";

/**
 * In-app notices about billing trouble (seed 003: "mark invoice as overdue, trigger
 * notifications"): a failed invoice payment opens one, a payment the bank wants authenticated opens
 * a `payment_action_required` one, and the invoice being paid or voided resolves both. Written by
 * the webhook side-effect handlers lib/webhooks/handlers/billing-notices.ts and payment-action-notice.ts.
 */
export const billingNotices = pgTable(
  "billing_notices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    mode: text("mode").$type<StripeMode>().notNull(),
    kind: text("kind").$type<BillingNoticeKind>().notNull(),
    stripeInvoiceId: text("stripe_invoice_id").notNull(),
    stripeCustomerId: text("stripe_customer_id"),
    stripeSubscriptionId: text("stripe_subscription_id"),
    amountDue: bigint("amount_due", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    message: text("message"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("billing_notices_tenant_invoice_kind_uq").on(t.tenantId, t.stripeInvoiceId, t.kind),
    index("billing_notices_tenant_customer_idx").on(t.tenantId, t.stripeCustomerId),
  ],
);

/**
 * "Your trial ends on …": one row per (subscription, trial end) from
 * customer.subscription.trial_will_end, written with its mail in the event's transaction, so a
 * duplicate or replayed event adds neither. Shown while the subscription is still trialing.
 */
export const trialNotices = pgTable(
  "trial_notices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    mode: text("mode").$type<StripeMode>().notNull(),
    stripeSubscriptionId: text("stripe_subscription_id").notNull(),
    stripeCustomerId: text("stripe_customer_id").notNull(),
    trialEnd: timestamp("trial_end", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("trial_notices_tenant_sub_end_uq").on(t.tenantId, t.stripeSubscriptionId, t.trialEnd),
    index("trial_notices_tenant_customer_idx").on(t.tenantId, t.stripeCustomerId),
  ],
);
