import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { tenants } from "./tenants";
import type { StripeMode, WebhookEventStatus } from "./webhook-events";

/*
 * The platform's own billing (seed 003): MemberPulse bills its client organisations with the
 * platform Stripe account (the STRIPE_* environment keys). None of these tables is written by a
 * tenant's webhook stream, and no tenant table is written by the platform stream
 * (lib/platform-billing/webhooks; tests/integration/platform-billing-webhooks.test.ts proves both).
 */

export type PlatformPlanSync = "pending" | "synced" | "error";

/** A plan the operator sells to organisations: a monthly price, optionally with a free trial. */
export const platformPlans = pgTable("platform_plans", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  /** Per month, in the currency's minor unit. */
  amount: integer("amount").notNull(),
  currency: text("currency").notNull(),
  trialDays: integer("trial_days"),
  active: boolean("active").notNull().default(true),
  /** The platform account's product and current price (a new amount creates a new price). */
  mode: text("mode").$type<StripeMode>(),
  stripeProductId: text("stripe_product_id"),
  stripePriceId: text("stripe_price_id"),
  syncStatus: text("sync_status").$type<PlatformPlanSync>().notNull().default("pending"),
  syncError: text("sync_error"),
  syncedAt: timestamp("synced_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
export type PlatformPlan = typeof platformPlans.$inferSelect;

/** The tenant as a customer of the platform account: created before its first Checkout Session. */
export const platformCustomers = pgTable("platform_customers", {
  tenantId: uuid("tenant_id")
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  mode: text("mode").$type<StripeMode>().notNull(),
  stripeCustomerId: text("stripe_customer_id").notNull().unique(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Watermark of the newest event applied to a row: an older or repeated event never overwrites it. */
const watermark = {
  lastEventCreated: bigint("last_event_created", { mode: "number" }),
  lastEventId: text("last_event_id"),
};

/** A tenant's subscription on the platform account, as the platform's webhooks report it. */
export const platformSubscriptions = pgTable(
  "platform_subscriptions",
  {
    stripeSubscriptionId: text("stripe_subscription_id").primaryKey(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    stripeCustomerId: text("stripe_customer_id").notNull(),
    planId: uuid("plan_id").references(() => platformPlans.id, { onDelete: "set null" }),
    stripePriceId: text("stripe_price_id"),
    /** Stripe's subscription status (trialing, active, past_due, unpaid, canceled, …). */
    status: text("status").notNull(),
    amount: integer("amount"),
    currency: text("currency"),
    currentPeriodEnd: timestamp("current_period_end", { withTimezone: true }),
    trialEnd: timestamp("trial_end", { withTimezone: true }),
    cancelAtPeriodEnd: boolean("cancel_at_period_end").notNull().default(false),
    ...watermark,
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("platform_subscriptions_tenant_idx").on(t.tenantId, t.createdAt)],
);
export type PlatformSubscription = typeof platformSubscriptions.$inferSelect;

/** The platform's invoices to a tenant (seed 003's Invoice + Payment references). */
export const platformInvoices = pgTable(
  "platform_invoices",
  {
    stripeInvoiceId: text("stripe_invoice_id").primaryKey(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    stripeCustomerId: text("stripe_customer_id").notNull(),
    stripeSubscriptionId: text("stripe_subscription_id"),
    stripePaymentIntentId: text("stripe_payment_intent_id"),
    stripeChargeId: text("stripe_charge_id"),
    number: text("number"),
    /** Stripe's invoice status: draft, open, paid, void, uncollectible. */
    status: text("status").notNull(),
    /** A payment attempt failed (invoice.payment_failed) and the invoice is still unpaid. */
    overdue: boolean("overdue").notNull().default(false),
    lastPaymentError: text("last_payment_error"),
    amountDue: integer("amount_due").notNull(),
    amountPaid: integer("amount_paid").notNull().default(0),
    currency: text("currency").notNull(),
    periodEnd: timestamp("period_end", { withTimezone: true }),
    dueDate: timestamp("due_date", { withTimezone: true }),
    stripeCreated: timestamp("stripe_created", { withTimezone: true }).notNull(),
    ...watermark,
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("platform_invoices_tenant_idx").on(t.tenantId, t.stripeCreated)],
);
export type PlatformInvoice = typeof platformInvoices.$inferSelect;

/** The platform account's raw webhook log: exactly once by (mode, event_id), as webhook_events per tenant. */
export const platformWebhookEvents = pgTable(
  "platform_webhook_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    mode: text("mode").$type<StripeMode>().notNull(),
    eventId: text("event_id").notNull(),
    type: text("type").notNull(),
    livemode: boolean("livemode").notNull(),
    apiVersion: text("api_version"),
    stripeCreated: bigint("stripe_created", { mode: "number" }).notNull(),
    payload: jsonb("payload").notNull(),
    /** The organisation the event concerns, once resolved (null: not one of ours). */
    tenantId: uuid("tenant_id").references(() => tenants.id, { onDelete: "set null" }),
    status: text("status").$type<WebhookEventStatus>().notNull().default("received"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    note: text("note"),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp("processed_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("platform_webhook_events_mode_event_uq").on(t.mode, t.eventId), index("platform_webhook_events_received_idx").on(t.receivedAt)],
);
export type PlatformWebhookEvent = typeof platformWebhookEvents.$inferSelect;

/** The organisation's platform billing status over time (the console's history), one row per change. */
export const platformBillingStatusChanges = pgTable(
  "platform_billing_status_changes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    status: text("status").notNull(),
    /** What caused it: the event type and id. */
    cause: text("cause").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("platform_billing_status_changes_tenant_idx").on(t.tenantId, t.createdAt)],
);

/** Each platform Checkout Session the portal created: checkout.session.completed is matched against it (never trusted by metadata alone). */
export const platformCheckouts = pgTable("platform_checkouts", {
  stripeSessionId: text("stripe_session_id").primaryKey(),
  tenantId: uuid("tenant_id")
    .notNull()
    .references(() => tenants.id, { onDelete: "cascade" }),
  planId: uuid("plan_id")
    .notNull()
    .references(() => platformPlans.id, { onDelete: "cascade" }),
  userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Refused deliveries to the platform endpoint (bad, missing or stale signature), counted per mode
 * like webhook_signature_failures per tenant: never stored as events, shown on the console's
 * webhook page so the operator notices a wrong STRIPE_PLATFORM_WEBHOOK_SECRET or a forger.
 */
export const platformWebhookSignatureFailures = pgTable("platform_webhook_signature_failures", {
  mode: text("mode").$type<StripeMode>().primaryKey(),
  count: integer("count").notNull().default(0),
  lastFailureAt: timestamp("last_failure_at", { withTimezone: true }).notNull().defaultNow(),
  lastReason: text("last_reason"),
});
