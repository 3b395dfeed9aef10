import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./tenants";
import type { StripeMode } from "./webhook-events";

/**
 * Which card (Stripe's `card.fingerprint`: the same card number in one account, whatever the
 * PaymentMethod) paid or was saved by which customer / PaymentIntent. Facts, not state: one row per
 * charge or PaymentMethod that Stripe told us about, never updated, so the order and repetition of
 * the events that bring them do not matter (lib/webhooks/ordering.ts). The referral guard reads it
 * to tell whether a referred member pays with the referrer's card.
 */
export const cardFingerprints = pgTable(
  "card_fingerprints",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    mode: text("mode").$type<StripeMode>().notNull(),
    /** The charge (`ch_…`) or PaymentMethod (`pm_…`) that showed the card. */
    sourceId: text("source_id").notNull(),
    fingerprint: text("fingerprint").notNull(),
    stripeCustomerId: text("stripe_customer_id"),
    stripePaymentIntentId: text("stripe_payment_intent_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("card_fingerprints_tenant_source_uq").on(t.tenantId, t.sourceId),
    index("card_fingerprints_tenant_fingerprint_idx").on(t.tenantId, t.fingerprint),
    index("card_fingerprints_tenant_customer_idx").on(t.tenantId, t.stripeCustomerId),
    index("card_fingerprints_tenant_pi_idx").on(t.tenantId, t.stripePaymentIntentId),
  ],
);
export type CardFingerprint = typeof cardFingerprints.$inferSelect;
