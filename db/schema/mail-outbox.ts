import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./tenants";

export const MAIL_STATUSES = ["pending", "sent", "failed", "skipped"] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/**
 * Every e-mail the portal sends, written in the SAME transaction as what causes it (an event's
 * projection, an invite, a reset request), so a cause that rolls back leaves no mail and a cause
 * applied once writes one row. `dedupe_key` names the cause (e.g. `receipt:in_123`): a cause
 * delivered twice or replayed hits the unique index and writes nothing. The relay job gives each
 * row exactly one `mail.send` job (`job_id` is set in the transaction that creates the job).
 */
export const mailOutbox = pgTable(
  "mail_outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Null for mail about an account rather than a tenant (password reset). */
    tenantId: uuid("tenant_id").references(() => tenants.id, { onDelete: "cascade" }),
    dedupeKey: text("dedupe_key").notNull(),
    template: text("template").notNull(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    /** The template's input. Cleared after sending for templates that carry a one-time link. */
    data: jsonb("data").notNull(),
    status: text("status").$type<MailStatus>().notNull().default("pending"),
    jobId: uuid("job_id"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    /** The plain-text body as sent, for the Mail page; null for mail carrying a one-time link. */
    textPreview: text("text_preview"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("mail_outbox_dedupe_uq").on(t.dedupeKey),
    index("mail_outbox_tenant_created_idx").on(t.tenantId, t.createdAt),
    // The relay's scan: rows still waiting for their job.
    index("mail_outbox_unqueued_idx").on(t.createdAt).where(sql`${t.status} = 'pending' and ${t.jobId} is null`),
  ],
);

export type MailOutboxRow = typeof mailOutbox.$inferSelect;
