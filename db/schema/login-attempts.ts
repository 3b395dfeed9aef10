import { boolean, index, pgTable, text, timestamp, bigserial } from "drizzle-orm/pg-core";

/**
 * Sign-in attempts, for rate limiting. Kept in the database rather than in memory so that
 * several app instances share one limit. `key` is a hash of email + client IP.
 */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    key: text("key").notNull(),
    succeeded: boolean("succeeded").notNull(),
    attemptedAt: timestamp("attempted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("login_attempts_key_time_idx").on(t.key, t.attemptedAt)],
);
