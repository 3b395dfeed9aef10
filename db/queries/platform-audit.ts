import { desc, eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { platformAuditLog, platformPlans, platformWebhookSignatureFailures, tenants, users, type StripeMode } from "../schema";

// The operator console's own records (no tenant scope: only lib/platform and
// lib/platform-billing call these, behind requirePlatformAdmin or the platform webhook route).

export type PlatformAuditInput = {
  actorUserId: string | null;
  action: string;
  target?: string | null;
  tenantId?: string | null;
  /** Names of the fields that changed — never their values. */
  fields?: string[];
};

/** Call with the transaction that makes the change, so the change and its line commit together. */
export async function recordPlatformAudit(db: Db, input: PlatformAuditInput): Promise<void> {
  await db.insert(platformAuditLog).values({
    actorUserId: input.actorUserId,
    action: input.action,
    target: input.target ?? null,
    tenantId: input.tenantId ?? null,
    fields: input.fields ?? [],
  });
}

/** Newest first, with the operator's e-mail and the organisation's name (when it still exists). */
export async function listPlatformAudit(db: Db, { limit = 100 }: { limit?: number } = {}) {
  return db
    .select({
      id: platformAuditLog.id,
      action: platformAuditLog.action,
      target: platformAuditLog.target,
      tenantId: platformAuditLog.tenantId,
      tenantName: tenants.name,
      planName: platformPlans.name,
      fields: platformAuditLog.fields,
      createdAt: platformAuditLog.createdAt,
      actorEmail: users.email,
    })
    .from(platformAuditLog)
    .leftJoin(users, eq(users.id, platformAuditLog.actorUserId))
    .leftJoin(tenants, eq(tenants.id, platformAuditLog.tenantId))
    // A plan action's target is the plan id (text): named here so the log reads "Starter", not a uuid.
    .leftJoin(platformPlans, sql`${platformPlans.id}::text = ${platformAuditLog.target}`)
    .orderBy(desc(platformAuditLog.createdAt), desc(platformAuditLog.id))
    .limit(limit);
}

/** Counts a refused delivery to the platform endpoint (one row per mode). */
export async function recordPlatformSignatureFailure(db: Db, { mode, reason }: { mode: StripeMode; reason: string }): Promise<void> {
  await db
    .insert(platformWebhookSignatureFailures)
    .values({ mode, count: 1, lastFailureAt: new Date(), lastReason: reason })
    .onConflictDoUpdate({
      target: platformWebhookSignatureFailures.mode,
      set: { count: sql`${platformWebhookSignatureFailures.count} + 1`, lastFailureAt: new Date(), lastReason: reason },
    });
}

export async function listPlatformSignatureFailures(db: Db) {
  return db.select().from(platformWebhookSignatureFailures).orderBy(platformWebhookSignatureFailures.mode);
}
