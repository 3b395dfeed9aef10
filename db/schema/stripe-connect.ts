import { boolean, index, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { stripeModeEnum } from "./stripe-settings";
import { tenants } from "./tenants";

/**
 * What a state may be used for: the OAuth callback, or one of the two URLs of a Connect Onboarding
 * account link (return: Stripe's form was left; refresh: the link expired or was used). A state is
 * only ever accepted for its own purpose.
 */
export const connectStatePurposeEnum = pgEnum("stripe_connect_state_purpose", ["oauth", "onboarding_return", "onboarding_refresh"]);
export type ConnectStatePurpose = (typeof connectStatePurposeEnum.enumValues)[number];

/**
 * The OAuth `state` of a "Connect with Stripe" that has started: a random value (stored hashed),
 * bound to the admin who pressed the button, the tenant and the mode, single-use and short-lived.
 * The callback deletes the row it consumes, so a replayed or forged callback finds nothing.
 */
export const stripeConnectStates = pgTable(
  "stripe_connect_states",
  {
    stateHash: text("state_hash").primaryKey(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    mode: stripeModeEnum("mode").notNull(),
    purpose: connectStatePurposeEnum("purpose").notNull().default("oauth"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("stripe_connect_states_expires_idx").on(t.expiresAt), index("stripe_connect_states_tenant_idx").on(t.tenantId, t.mode, t.purpose)],
);

/**
 * Connect Onboarding in progress: an account the platform created for a tenant that had no Stripe
 * account (accounts.create with `controller`), whose owner has not finished Stripe's hosted form
 * yet. It is NOT the tenant's connection: payments stay off until Stripe reports the account
 * complete (details submitted and charges enabled) on the return page or through account.updated;
 * then the account moves to stripe_settings.connect_account_id and this row goes.
 */
export const stripeConnectOnboardings = pgTable(
  "stripe_connect_onboardings",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    mode: stripeModeEnum("mode").notNull(),
    accountId: text("account_id").notNull(),
    startedBy: text("started_by").references(() => users.id, { onDelete: "set null" }),
    detailsSubmitted: boolean("details_submitted").notNull().default(false),
    chargesEnabled: boolean("charges_enabled").notNull().default(false),
    /** When Stripe last told us about the account (a retrieve or account.updated's `created`): older news is ignored. */
    checkedAt: timestamp("checked_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.mode] }),
    // Connect events are routed by account: an onboarding account belongs to one tenant.
    uniqueIndex("stripe_connect_onboardings_account_uq").on(t.mode, t.accountId),
  ],
);
export type StripeConnectOnboardingRow = typeof stripeConnectOnboardings.$inferSelect;

/**
 * Connect events whose `account` no tenant owns (an account disconnected long ago, or connected to
 * another platform install): recorded once and ignored, never projected anywhere.
 */
export const connectUnroutedEvents = pgTable(
  "connect_unrouted_events",
  {
    mode: stripeModeEnum("mode").notNull(),
    eventId: text("event_id").notNull(),
    accountId: text("account_id"),
    type: text("type").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.mode, t.eventId] })],
);
