import { and, desc, eq, lt } from "drizzle-orm";
import type { Db } from "../client";
import { auditLog, users } from "../schema";

export type AuditInput = {
  tenantId: string;
  actorUserId: string | null;
  action: string;
  target?: string | null;
  /** Names of the fields that changed — never their values. */
  fields?: string[];
  requestId?: string | null;
};

export async function recordAudit(db: Db, input: AuditInput): Promise<void> {
  await db.insert(auditLog).values({
    tenantId: input.tenantId,
    actorUserId: input.actorUserId,
    action: input.action,
    target: input.target ?? null,
    fields: input.fields ?? [],
    requestId: input.requestId ?? null,
  });
}

/** Newest first, keyset-paginated on created_at. */
export async function listAudit(db: Db, { tenantId, before, limit = 50 }: { tenantId: string; before?: Date; limit?: number }) {
  return db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      target: auditLog.target,
      fields: auditLog.fields,
      createdAt: auditLog.createdAt,
      actorEmail: users.email,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(and(eq(auditLog.tenantId, tenantId), before ? lt(auditLog.createdAt, before) : undefined))
    .orderBy(desc(auditLog.createdAt))
    .limit(limit);
}
