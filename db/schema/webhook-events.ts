import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./tenants";

export const WEBHOOK_EVENT_STATUSES = ["received", "processed", "ignored", "failed"] as const;
export type WebhookEventStatus = (typeof WEBHOOK_EVENT_STATUSES)[number];
export type StripeMode = "test" | "live";

/**
 * The raw log of every verified Stripe delivery. The unique (tenant_id, event_id) key is what makes
 * processing exactly-once; a failed projection still leaves its row here (status `failed`) so an
 * admin can see the payload and replay it.
 */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    mode: text("mode").$type<StripeMode>().notNull(),
    eventId: text("event_id").notNull(),
    type: text("type").notNull(),
    livemode: boolean("livemode").notNull(),
    apiVersion: text("api_version"),
    /** Stripe's `created` (unix seconds). */
    stripeCreated: bigint("stripe_created", { mode: "number" }).notNull(),
    payload: jsonb("payload").notNull(),
    status: text("status").$type<WebhookEventStatus>().notNull().default("received"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    note: text("note"),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    /** When processing last failed: the re-drive job waits longer after each failure (lib/reconcile). */
    lastFailedAt: timestamp("last_failed_at", { withTimezone: true }),
    processedAt: timestamp("processed_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("webhook_events_tenant_event_uq").on(t.tenantId, t.eventId),
    // Keyset pagination of the admin log and "last event received" for the health panel.
    index("webhook_events_tenant_mode_received_idx").on(t.tenantId, t.mode, t.receivedAt, t.id),
    index("webhook_events_failed_idx").on(t.tenantId, t.mode).where(sql`${t.status} = 'failed'`),
  ],
);

export type WebhookEvent = typeof webhookEvents.$inferSelect;

/** Invalid deliveries are never stored as events; they are only counted here, per tenant and mode. */
export const webhookSignatureFailures = pgTable(
  "webhook_signature_failures",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    mode: text("mode").$type<StripeMode>().notNull(),
    count: integer("count").notNull().default(0),
    lastFailureAt: timestamp("last_failure_at", { withTimezone: true }).notNull().defaultNow(),
    lastReason: text("last_reason"),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.mode] })],
);
