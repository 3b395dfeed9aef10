import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Failed-attempt counters for throttles (sign-in per e-mail and per client address, sign-ups and
 * API-key failures per address): one row per key, shared by every app instance. `key` is a hash
 * (never an e-mail or address in clear). See lib/auth/throttle.ts for the back-off rule.
 */
export const authThrottles = pgTable("auth_throttles", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull(),
  // The rule the counter runs under, stored so the one upsert can apply it.
  threshold: integer("threshold").notNull(),
  windowSeconds: integer("window_seconds").notNull(),
  lastFailureAt: timestamp("last_failure_at", { withTimezone: true }).notNull(),
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
});
