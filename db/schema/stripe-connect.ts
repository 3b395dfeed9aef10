import { index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { stripeModeEnum } from "./stripe-settings";
import { tenants } from "./tenants";

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
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("stripe_connect_states_expires_idx").on(t.expiresAt)],
);

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
