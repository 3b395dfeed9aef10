import { jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./tenants";
import type { StripeMode } from "./webhook-events";

/** What the backfill imports, in the order it imports them (parents before the rows that name them). */
export const BACKFILL_KINDS = ["products", "prices", "customers", "subscriptions", "invoices", "invoice_payments", "payment_intents", "refunds", "charges"] as const;
export type BackfillKind = (typeof BACKFILL_KINDS)[number];

/**
 * Per kind: rows imported so far, the last Stripe id fully imported (the `starting_after` of the
 * next page) and whether the list is exhausted. `paymentMethods` and `membersLinked` ride with the
 * customers' pages. Each page's rows and this record commit in one transaction, so a run killed
 * anywhere resumes after the last committed page and imports nothing twice.
 */
export type BackfillKindProgress = { imported: number; cursor: string | null; done: boolean };
export type BackfillProgress = Partial<Record<BackfillKind, BackfillKindProgress>> & { paymentMethods?: number; membersLinked?: number };

export const BACKFILL_STATUSES = ["queued", "running", "done", "failed"] as const;
export type BackfillStatus = (typeof BACKFILL_STATUSES)[number];

/** The import of a connected account's existing objects (lib/backfill), one per tenant and mode. */
export const stripeBackfills = pgTable(
  "stripe_backfills",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    mode: text("mode").$type<StripeMode>().notNull(),
    /** Names this run in the projections' watermark (`last_event_id` = `backfill:<runId>`). */
    runId: text("run_id").notNull(),
    status: text("status").$type<BackfillStatus>().notNull().default("queued"),
    progress: jsonb("progress").$type<BackfillProgress>().notNull().default({}),
    lastError: text("last_error"),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.mode] })],
);

export type StripeBackfillRow = typeof stripeBackfills.$inferSelect;
