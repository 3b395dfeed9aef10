import { and, asc, desc, eq, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "../client";
import { mailOutbox, type MailOutboxRow } from "../schema";

export type NewMail = {
  tenantId: string | null;
  dedupeKey: string;
  template: string;
  toAddress: string;
  subject: string;
  data: Record<string, unknown>;
  /** A mail that will not be sent (a notice the member turned off): recorded as skipped, with why. */
  status?: "skipped";
  lastError?: string;
};

/**
 * Writes a mail in the caller's transaction. A cause seen before (same dedupe key) writes nothing:
 * answers null then, the new row's id otherwise.
 */
export async function insertMail(db: Db, mail: NewMail): Promise<string | null> {
  const [row] = await db.insert(mailOutbox).values(mail).onConflictDoNothing({ target: mailOutbox.dedupeKey }).returning({ id: mailOutbox.id });
  return row?.id ?? null;
}

/** Oldest rows still without a job (the relay's work list). */
export async function listUnqueuedMail(db: Db, { limit }: { limit: number }): Promise<string[]> {
  const rows = await db
    .select({ id: mailOutbox.id })
    .from(mailOutbox)
    .where(and(eq(mailOutbox.status, "pending"), isNull(mailOutbox.jobId)))
    .orderBy(asc(mailOutbox.createdAt))
    .limit(limit);
  return rows.map((r) => r.id);
}

/**
 * Gives the row its job id unless it has one. The row lock makes a concurrent relay wait and then
 * see the id, so exactly one of them gets `true` and creates the job (in the same transaction).
 */
export async function claimMailForJob(db: Db, { id, jobId }: { id: string; jobId: string }): Promise<boolean> {
  const rows = await db
    .update(mailOutbox)
    .set({ jobId })
    .where(and(eq(mailOutbox.id, id), isNull(mailOutbox.jobId), eq(mailOutbox.status, "pending")))
    .returning({ id: mailOutbox.id });
  return rows.length === 1;
}

export async function getMail(db: Db, { id }: { id: string }): Promise<MailOutboxRow | undefined> {
  const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.id, id)).limit(1);
  return row;
}

/** Counts a try before it is made, so a crash mid-send still shows in `attempts`. */
export async function countMailAttempt(db: Db, { id }: { id: string }) {
  await db.update(mailOutbox).set({ attempts: sql`${mailOutbox.attempts} + 1` }).where(eq(mailOutbox.id, id));
}

/** Only a pending row becomes sent: a retry that finds it sent changes nothing. */
export async function markMailSent(db: Db, { id, textPreview, clearData }: { id: string; textPreview: string | null; clearData: boolean }): Promise<boolean> {
  const rows = await db
    .update(mailOutbox)
    .set({ status: "sent", sentAt: sql`now()`, lastError: null, textPreview, ...(clearData ? { data: { redacted: true } } : {}) })
    .where(and(eq(mailOutbox.id, id), eq(mailOutbox.status, "pending")))
    .returning({ id: mailOutbox.id });
  return rows.length === 1;
}

export async function markMailError(db: Db, { id, error, final }: { id: string; error: string; final: boolean }) {
  await db
    .update(mailOutbox)
    .set({ lastError: error, ...(final ? { status: "failed" as const } : {}) })
    .where(and(eq(mailOutbox.id, id), eq(mailOutbox.status, "pending")));
}

/** A mail that cannot go anywhere (no SMTP configured in production): kept, with the reason. */
export async function markMailSkipped(db: Db, { id, reason }: { id: string; reason: string }) {
  await db.update(mailOutbox).set({ status: "skipped", lastError: reason }).where(and(eq(mailOutbox.id, id), eq(mailOutbox.status, "pending")));
}

export type MailListItem = Pick<MailOutboxRow, "id" | "template" | "toAddress" | "subject" | "status" | "attempts" | "lastError" | "textPreview" | "createdAt" | "sentAt">;

/** The tenant's mail, newest first (the admin Mail page). */
export async function listTenantMail(db: Db, { tenantId, limit, before }: { tenantId: string; limit: number; before?: Date }): Promise<MailListItem[]> {
  return db
    .select({
      id: mailOutbox.id,
      template: mailOutbox.template,
      toAddress: mailOutbox.toAddress,
      subject: mailOutbox.subject,
      status: mailOutbox.status,
      attempts: mailOutbox.attempts,
      lastError: mailOutbox.lastError,
      textPreview: mailOutbox.textPreview,
      createdAt: mailOutbox.createdAt,
      sentAt: mailOutbox.sentAt,
    })
    .from(mailOutbox)
    .where(and(eq(mailOutbox.tenantId, tenantId), before ? lt(mailOutbox.createdAt, before) : undefined))
    .orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
    .limit(limit);
}
