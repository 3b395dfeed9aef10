import { sql } from "drizzle-orm";
import { boolean, pgEnum, pgTable, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./tenants";

export const stripeModeEnum = pgEnum("stripe_mode", ["test", "live"]);
// `StripeMode` ("test" | "live") is exported once, from ./webhook-events; this enum has the same values.
export const STRIPE_MODES = stripeModeEnum.enumValues;

/** Outcome of the last "Test connection". "Not configured" is not stored: it is the absence of a key. */
export const stripeHealthEnum = pgEnum("stripe_health_status", ["connected", "invalid_key", "unreachable", "mode_mismatch"]);
export type StripeHealthStatus = (typeof stripeHealthEnum.enumValues)[number];

/**
 * A tenant's own Stripe keys, one row per mode, so switching mode never loses the other mode's
 * values. Secrets are stored only encrypted (`*_enc`, lib/crypto/secret-box) next to their mask
 * (`*_hint`, e.g. `sk_test_…4242`) so pages can show them without decrypting.
 */
export const stripeSettings = pgTable(
  "stripe_settings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    mode: stripeModeEnum("mode").notNull(),
    publishableKey: text("publishable_key"),
    secretKeyEnc: text("secret_key_enc"),
    secretKeyHint: text("secret_key_hint"),
    webhookSecretEnc: text("webhook_secret_enc"),
    webhookSecretHint: text("webhook_secret_hint"),
    accountId: text("account_id"),
    /**
     * The account that this mode's customer links and catalog mappings belong to. Unlike
     * account_id it survives a key change, so connecting a different account can be noticed.
     */
    linkedAccountId: text("linked_account_id"),
    accountName: text("account_name"),
    chargesEnabled: boolean("charges_enabled"),
    payoutsEnabled: boolean("payouts_enabled"),
    healthStatus: stripeHealthEnum("health_status"),
    healthMessage: text("health_message"),
    healthCheckedAt: timestamp("health_checked_at", { withTimezone: true }),
    webhookEndpointId: text("webhook_endpoint_id"),
    webhookEndpointUrl: text("webhook_endpoint_url"),
    /**
     * Connect (OAuth, Standard account): the connected account the platform acts for with its own
     * key and the Stripe-Account header. Only the id is stored: a Connect tenant has no secret here.
     */
    connectAccountId: text("connect_account_id"),
    connectedAt: timestamp("connected_at", { withTimezone: true }),
    /** Set by Disconnect or Stripe's account.application.deauthorized: no environment fallback after it. */
    disconnectedAt: timestamp("disconnected_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("stripe_settings_tenant_mode").on(t.tenantId, t.mode),
    // Connect events are routed by their `account`: one connected account belongs to one tenant.
    uniqueIndex("stripe_settings_connect_account_uq").on(t.mode, t.connectAccountId).where(sql`${t.connectAccountId} is not null`),
  ],
);

export type StripeSettingsRow = typeof stripeSettings.$inferSelect;

/** The mode a tenant's portal currently takes payments in. No row: the platform default (STRIPE_MODE, else test). */
export const tenantStripeMode = pgTable("tenant_stripe_mode", {
  tenantId: uuid("tenant_id")
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  activeMode: stripeModeEnum("active_mode").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
