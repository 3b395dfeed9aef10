import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { projectionColumns } from "./projection-columns";

/*
 * Projections of Stripe objects, written only by the webhook engine (lib/webhooks/handlers).
 * Amounts are integers in the currency's minor unit; statuses are Stripe's, verbatim.
 * Rows reference each other by Stripe id strings (no foreign keys), because Stripe may deliver a
 * child (payment, invoice) before its parent (customer, subscription): the child is kept and the
 * link resolves as soon as the parent's row arrives.
 */

export const stripeCustomers = pgTable(
  "stripe_customers",
  {
    ...projectionColumns(),
    stripeCustomerId: text("stripe_customer_id").notNull(),
    email: text("email"),
    name: text("name"),
    deleted: boolean("deleted").notNull().default(false),
    metadata: jsonb("metadata").$type<Record<string, string>>().notNull().default({}),
  },
  (t) => [uniqueIndex("stripe_customers_tenant_stripe_uq").on(t.tenantId, t.stripeCustomerId)],
);

export const payments = pgTable(
  "payments",
  {
    ...projectionColumns(),
    stripePaymentIntentId: text("stripe_payment_intent_id").notNull(),
    stripeCustomerId: text("stripe_customer_id"),
    stripeChargeId: text("stripe_charge_id"),
    /** Null while only a child (a refunded charge) has been seen and the intent itself has not. */
    status: text("status"),
    amount: bigint("amount", { mode: "number" }).notNull(),
    amountReceived: bigint("amount_received", { mode: "number" }).notNull().default(0),
    /** Only ever grows: a refund never un-refunds. */
    amountRefunded: bigint("amount_refunded", { mode: "number" }).notNull().default(0),
    currency: text("currency").notNull(),
    /** The PaymentIntent's `created` (Stripe's time, not when the webhook arrived): reports count by it. */
    stripeCreated: timestamp("stripe_created", { withTimezone: true }),
    description: text("description"),
    lastPaymentError: text("last_payment_error"),
    metadata: jsonb("metadata").$type<Record<string, string>>().notNull().default({}),
    /** Portal links, written by lib/payments when the portal creates the intent; projections leave them alone. */
    userId: text("user_id"),
    catalogPriceId: uuid("catalog_price_id"),
  },
  (t) => [
    uniqueIndex("payments_tenant_pi_uq").on(t.tenantId, t.stripePaymentIntentId),
    index("payments_tenant_customer_idx").on(t.tenantId, t.stripeCustomerId),
    // The payment lists' keyset order, (created_at, id) newest first: a member's, and the tenant's.
    index("payments_tenant_user_created_idx").on(t.tenantId, t.userId, t.createdAt, t.id),
    index("payments_tenant_created_idx").on(t.tenantId, t.createdAt, t.id),
    // A member's history also lists what Stripe charged their customer with no portal link
    // (subscription invoices): without this, reading those walks all of the customer's portal payments.
    index("payments_tenant_customer_unlinked_idx").on(t.tenantId, t.stripeCustomerId, t.createdAt, t.id).where(sql`${t.userId} is null`),
    // With what revenue by month sums (status, currency, amount received): it reads the index only.
    index("payments_tenant_mode_stripe_created_idx").on(t.tenantId, t.mode, t.stripeCreated, t.status, t.currency, t.amountReceived),
  ],
);

export const checkoutSessions = pgTable(
  "checkout_sessions",
  {
    ...projectionColumns(),
    stripeCheckoutSessionId: text("stripe_checkout_session_id").notNull(),
    stripeCustomerId: text("stripe_customer_id"),
    stripePaymentIntentId: text("stripe_payment_intent_id"),
    stripeSubscriptionId: text("stripe_subscription_id"),
    checkoutMode: text("checkout_mode").notNull(),
    status: text("status"),
    paymentStatus: text("payment_status").notNull(),
    amountTotal: bigint("amount_total", { mode: "number" }),
    currency: text("currency"),
    metadata: jsonb("metadata").$type<Record<string, string>>().notNull().default({}),
  },
  (t) => [
    uniqueIndex("checkout_sessions_tenant_stripe_uq").on(t.tenantId, t.stripeCheckoutSessionId),
    // Payment lists name a Checkout purchase by its session's price (db/queries/member-payments.ts).
    index("checkout_sessions_tenant_pi_idx").on(t.tenantId, t.stripePaymentIntentId),
  ],
);

export const refunds = pgTable(
  "refunds",
  {
    ...projectionColumns(),
    stripeRefundId: text("stripe_refund_id").notNull(),
    stripeChargeId: text("stripe_charge_id"),
    stripePaymentIntentId: text("stripe_payment_intent_id"),
    status: text("status"),
    amount: bigint("amount", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    reason: text("reason"),
    /** Why the bank returned a refund Stripe had sent (`failure_reason`, e.g. expired_or_canceled_card). */
    failureReason: text("failure_reason"),
    /** The refund's `created` in Stripe (reports count refunds in the month they were made). */
    stripeCreated: timestamp("stripe_created", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("refunds_tenant_stripe_uq").on(t.tenantId, t.stripeRefundId),
    index("refunds_tenant_pi_idx").on(t.tenantId, t.stripePaymentIntentId),
    index("refunds_tenant_mode_stripe_created_idx").on(t.tenantId, t.mode, t.stripeCreated, t.status, t.currency, t.amount),
  ],
);

export const paymentMethods = pgTable(
  "payment_methods",
  {
    ...projectionColumns(),
    stripePaymentMethodId: text("stripe_payment_method_id").notNull(),
    /** The customer it is attached to; kept after detaching so history still shows whose it was. */
    stripeCustomerId: text("stripe_customer_id"),
    type: text("type").notNull(),
    cardBrand: text("card_brand"),
    cardLast4: text("card_last4"),
    cardExpMonth: integer("card_exp_month"),
    cardExpYear: integer("card_exp_year"),
    detached: boolean("detached").notNull().default(false),
  },
  (t) => [
    uniqueIndex("payment_methods_tenant_stripe_uq").on(t.tenantId, t.stripePaymentMethodId),
    index("payment_methods_tenant_customer_idx").on(t.tenantId, t.stripeCustomerId),
  ],
);

export const subscriptions = pgTable(
  "subscriptions",
  {
    ...projectionColumns(),
    stripeSubscriptionId: text("stripe_subscription_id").notNull(),
    stripeCustomerId: text("stripe_customer_id").notNull(),
    status: text("status").notNull(),
    cancelAtPeriodEnd: boolean("cancel_at_period_end").notNull().default(false),
    /** From the items (API basil+): the earliest start and latest end among them. */
    currentPeriodStart: timestamp("current_period_start", { withTimezone: true }),
    currentPeriodEnd: timestamp("current_period_end", { withTimezone: true }),
    canceledAt: timestamp("canceled_at", { withTimezone: true }),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    /** When a free trial ends (status `trialing` until then); null without a trial. */
    trialEnd: timestamp("trial_end", { withTimezone: true }),
    stripeLatestInvoiceId: text("stripe_latest_invoice_id"),
    metadata: jsonb("metadata").$type<Record<string, string>>().notNull().default({}),
  },
  (t) => [
    uniqueIndex("subscriptions_tenant_stripe_uq").on(t.tenantId, t.stripeSubscriptionId),
    index("subscriptions_tenant_customer_idx").on(t.tenantId, t.stripeCustomerId),
  ],
);

/** Replaced as a whole whenever a newer subscription snapshot is applied. */
export const subscriptionItems = pgTable(
  "subscription_items",
  {
    ...projectionColumns(),
    stripeSubscriptionItemId: text("stripe_subscription_item_id").notNull(),
    stripeSubscriptionId: text("stripe_subscription_id").notNull(),
    stripePriceId: text("stripe_price_id").notNull(),
    stripeProductId: text("stripe_product_id"),
    quantity: integer("quantity"),
    currentPeriodStart: timestamp("current_period_start", { withTimezone: true }).notNull(),
    currentPeriodEnd: timestamp("current_period_end", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("subscription_items_tenant_stripe_uq").on(t.tenantId, t.stripeSubscriptionItemId),
    index("subscription_items_tenant_sub_idx").on(t.tenantId, t.stripeSubscriptionId),
  ],
);

export const invoices = pgTable(
  "invoices",
  {
    ...projectionColumns(),
    stripeInvoiceId: text("stripe_invoice_id").notNull(),
    stripeCustomerId: text("stripe_customer_id"),
    stripeSubscriptionId: text("stripe_subscription_id"),
    stripePaymentIntentId: text("stripe_payment_intent_id"),
    status: text("status"),
    number: text("number"),
    amountDue: bigint("amount_due", { mode: "number" }).notNull(),
    amountPaid: bigint("amount_paid", { mode: "number" }).notNull(),
    amountRemaining: bigint("amount_remaining", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    hostedInvoiceUrl: text("hosted_invoice_url"),
    /** Stripe's PDF of the invoice (set once finalized). */
    invoicePdf: text("invoice_pdf"),
    /** When a `send_invoice` invoice is due (null for charge_automatically). */
    dueDate: timestamp("due_date", { withTimezone: true }),
    periodStart: timestamp("period_start", { withTimezone: true }),
    periodEnd: timestamp("period_end", { withTimezone: true }),
    /** The invoice's `created` in Stripe (the failed-payment rate counts invoices by month). */
    stripeCreated: timestamp("stripe_created", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("invoices_tenant_stripe_uq").on(t.tenantId, t.stripeInvoiceId),
    index("invoices_tenant_sub_idx").on(t.tenantId, t.stripeSubscriptionId),
    // The payments ledger shows which invoice each payment paid (db/queries/member-payments.ts).
    index("invoices_tenant_pi_idx").on(t.tenantId, t.stripePaymentIntentId),
    index("invoices_tenant_mode_stripe_created_idx").on(t.tenantId, t.mode, t.stripeCreated),
  ],
);
