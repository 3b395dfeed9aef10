import { pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { tenants } from "./tenants";

/**
 * Optional notices a member turned off, per tenant (lib/mail/notice-preferences.ts says which
 * notices are optional). A row means "do not send me this"; no row means the default, sent. The
 * outbox still records a skipped mail, with the reason, so the Mail page shows it was not sent.
 */
export const noticeOptOuts = pgTable(
  "notice_opt_outs",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    notice: text("notice").notNull(),
    /** "settings" (the profile page) or "unsubscribe_link" (one click from a mail). */
    source: text("source").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userId, t.notice] })],
);
