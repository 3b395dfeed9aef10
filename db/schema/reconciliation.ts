import { bigint, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./tenants";
import type { StripeMode } from "./webhook-events";

/**
 * Reconciliation from Stripe's events list, per tenant and mode (lib/reconcile): the checkpoint
 * (newest `created` seen, so the next run starts there, minus an overlap) and what the last run
 * found, for the health panel.
 */
export const stripeReconciliations = pgTable(
  "stripe_reconciliations",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    mode: text("mode").$type<StripeMode>().notNull(),
    /** Stripe `created` (unix seconds) of the newest event listed so far; null before the first run. */
    checkpointCreated: bigint("checkpoint_created", { mode: "number" }),
    lastRunAt: timestamp("last_run_at", { withTimezone: true }),
    lastScanned: integer("last_scanned").notNull().default(0),
    /** Events Stripe had that the portal had not recorded, fed through the ingest by the last run. */
    lastRecovered: integer("last_recovered").notNull().default(0),
    totalRecovered: integer("total_recovered").notNull().default(0),
    lastError: text("last_error"),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.mode] })],
);
