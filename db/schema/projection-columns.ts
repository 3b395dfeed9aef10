import { bigint, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { StripeMode } from "./webhook-events";
import { tenants } from "./tenants";

/**
 * Columns every Stripe projection shares. `last_event_created` / `last_event_id` are the ordering
 * watermark (see lib/webhooks/ORDERING.md): a snapshot older than the watermark is never applied.
 */
export function projectionColumns() {
  return {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    mode: text("mode").$type<StripeMode>().notNull(),
    lastEventCreated: bigint("last_event_created", { mode: "number" }).notNull(),
    lastEventId: text("last_event_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  };
}
