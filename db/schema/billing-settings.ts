import { bigint, boolean, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./tenants";

/**
 * How a plan change is billed (lib/subscriptions/proration-policy.ts): `always_invoice` prorates
 * every change and charges (or credits) it now; `downgrades_at_period_end` charges upgrades now and
 * lets downgrades take their price from the next renewal; `none` never prorates.
 */
export const prorationPolicyEnum = pgEnum("proration_policy", ["always_invoice", "downgrades_at_period_end", "none"]);
export type ProrationPolicy = (typeof prorationPolicyEnum.enumValues)[number];
export const PRORATION_POLICIES = prorationPolicyEnum.enumValues;

/** A tenant's billing choices; a tenant without a row has the defaults. */
export const tenantBillingSettings = pgTable("tenant_billing_settings", {
  tenantId: uuid("tenant_id")
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  prorationPolicy: prorationPolicyEnum("proration_policy").notNull().default("always_invoice"),
  /** Custom credit top-ups (seed 002 "checkout with an amount"): off until an admin sets the bounds. */
  topUpEnabled: boolean("top_up_enabled").notNull().default(false),
  topUpCurrency: text("top_up_currency").notNull().default("usd"),
  /** Minor units, inclusive; credits = amount (1 credit = 1 cent). */
  topUpMinAmount: bigint("top_up_min_amount", { mode: "number" }).notNull().default(500),
  topUpMaxAmount: bigint("top_up_max_amount", { mode: "number" }).notNull().default(50_000),
  /**
   * Stripe Tax: subscriptions, invoices and Checkout Sessions are created with automatic_tax and
   * one-time payments charge a tax calculation. Off until an admin turns it on, because Stripe
   * refuses automatic tax on an account without Stripe Tax set up (head office address, registrations).
   */
  taxEnabled: boolean("tax_enabled").notNull().default(false),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
export type TenantBillingSettings = typeof tenantBillingSettings.$inferSelect;
