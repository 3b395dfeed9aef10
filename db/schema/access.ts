import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { entitlementSets } from "./catalog";
import { tenants } from "./tenants";
import type { StripeMode } from "./webhook-events";

/** Admin-granted access (seed 001): bypasses billing; active until revoked or past ends_at. */
export const accessGrants = pgTable(
  "access_grants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    entitlementSetId: uuid("entitlement_set_id").notNull().references(() => entitlementSets.id, { onDelete: "cascade" }),
    reason: text("reason").notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull().defaultNow(),
    endsAt: timestamp("ends_at", { withTimezone: true }),
    grantedBy: text("granted_by").references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedBy: text("revoked_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("access_grants_tenant_user_idx").on(t.tenantId, t.userId)],
);
export type AccessGrant = typeof accessGrants.$inferSelect;

/** Which Stripe customer is which member, per mode (test and live customers differ). */
export const memberStripeCustomers = pgTable(
  "member_stripe_customers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    mode: text("mode").$type<StripeMode>().notNull(),
    stripeCustomerId: text("stripe_customer_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("member_stripe_customers_member_uq").on(t.tenantId, t.userId, t.mode),
    uniqueIndex("member_stripe_customers_customer_uq").on(t.tenantId, t.mode, t.stripeCustomerId),
  ],
);

/** One-time sign-in links for invited members. Only the SHA-256 of the token is stored. */
export const memberInvites = pgTable(
  "member_invites",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    /** Set when an admin revokes the invite or sends a fresh link (which revokes the older ones). */
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("member_invites_token_uq").on(t.tokenHash), index("member_invites_tenant_user_idx").on(t.tenantId, t.userId)],
);
