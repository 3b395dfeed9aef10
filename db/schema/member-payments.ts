import { bigint, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { roleEnum } from "./memberships";
import { tenants } from "./tenants";

/**
 * Refunds the portal asked Stripe for. The `refunds` projection (webhook) is the truth about what
 * Stripe did; a request without its projection row yet is shown as "refund pending". Requests also
 * count towards the refunded total at once, so two quick refunds can never exceed the payment.
 */
export const paymentRefundRequests = pgTable(
  "payment_refund_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    /** payments.id (the projection row of the PaymentIntent). */
    paymentId: uuid("payment_id").notNull(),
    stripeRefundId: text("stripe_refund_id").notNull(),
    amount: bigint("amount", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    reason: text("reason").notNull(),
    note: text("note"),
    requestedBy: text("requested_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("payment_refund_requests_refund_uq").on(t.tenantId, t.stripeRefundId),
    index("payment_refund_requests_payment_idx").on(t.tenantId, t.paymentId),
  ],
);
export type PaymentRefundRequest = typeof paymentRefundRequests.$inferSelect;

/**
 * Tenant API keys. Only the SHA-256 of the token is stored; `prefix` (the first characters) lets an
 * admin recognise a key. A key acts in its tenant with the role chosen at creation.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    tokenHash: text("token_hash").notNull(),
    role: roleEnum("role").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("api_keys_token_hash_uq").on(t.tokenHash), index("api_keys_tenant_idx").on(t.tenantId, t.createdAt)],
);
export type ApiKey = typeof apiKeys.$inferSelect;
