import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * Short leases that let one request at a time do a "check, call Stripe, record" step for a key
 * (a member's first customer, a member + price checkout, a payment's refund) WITHOUT holding a
 * transaction, lock or pool connection across the call to Stripe. lib/concurrency/single-flight.ts.
 */
export const operationLeases = pgTable("operation_leases", {
  key: text("key").primaryKey(),
  holder: uuid("holder").notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
});
