import { and, count, desc, eq, ilike, ne, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { memberships, platformAdmins, tenants, tenantStatusChanges, users, webhookEvents, type TenantStatus } from "../schema";

// The operator console's queries. Unlike every other query file these read across tenants on
// purpose — only lib/platform calls them, behind requirePlatformAdmin — and they return tenant
// facts (names, status, counts, timestamps), never a member's name, e-mail or payments.

export async function isPlatformAdmin(db: Db, { userId }: { userId: string }): Promise<boolean> {
  const [row] = await db.select({ userId: platformAdmins.userId }).from(platformAdmins).where(eq(platformAdmins.userId, userId)).limit(1);
  return Boolean(row);
}

/** Returns whether the role was new (false: they already held it). */
export async function grantPlatformAdmin(db: Db, { userId }: { userId: string }): Promise<boolean> {
  const rows = await db.insert(platformAdmins).values({ userId }).onConflictDoNothing().returning({ userId: platformAdmins.userId });
  return rows.length > 0;
}

export async function revokePlatformAdmin(db: Db, { userId }: { userId: string }): Promise<boolean> {
  const rows = await db.delete(platformAdmins).where(eq(platformAdmins.userId, userId)).returning({ userId: platformAdmins.userId });
  return rows.length > 0;
}

/** `%`, `_` and `\` typed into the search box are literal characters, not patterns. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Tenants for the console, newest first, optionally filtered by a search over name and slug. The
 * last webhook per tenant is one index probe each (webhook_events_tenant_mode_received_idx).
 */
export async function listTenantsForPlatform(db: Db, { search, limit }: { search?: string; limit: number }) {
  // Qualified by hand: in a one-table select Drizzle renders columns unqualified, which inside a
  // subquery would bind to the subquery's own table.
  const lastWebhookAt = sql<Date | null>`(select max(w.received_at) from ${webhookEvents} w where w.tenant_id = ${tenants}.id)`.mapWith((v: string | Date | null) =>
    v === null ? null : new Date(v),
  );
  const people = sql<number>`(select count(*) from ${memberships} m where m.tenant_id = ${tenants}.id)`.mapWith(Number);
  return db
    .select({ id: tenants.id, slug: tenants.slug, name: tenants.name, status: tenants.status, createdAt: tenants.createdAt, lastWebhookAt, people })
    .from(tenants)
    .where(search ? or(ilike(tenants.name, likePattern(search)), ilike(tenants.slug, likePattern(search))) : undefined)
    .orderBy(desc(tenants.createdAt), tenants.slug)
    .limit(limit);
}

export async function countTenantsByStatus(db: Db) {
  return db.select({ status: tenants.status, n: count() }).from(tenants).groupBy(tenants.status);
}

/** How many admins and members a tenant has (numbers only: who they are is the tenant's business). */
export async function countTenantPeople(db: Db, { tenantId }: { tenantId: string }) {
  return db.select({ role: memberships.role, n: count() }).from(memberships).where(eq(memberships.tenantId, tenantId)).groupBy(memberships.role);
}

/**
 * Moves a tenant to `status` unless it is there already; returns whether it moved. The condition in
 * the UPDATE makes two operators pressing "Suspend" at once record one change, not two.
 */
export async function setTenantStatus(db: Db, { tenantId, status, reason }: { tenantId: string; status: TenantStatus; reason: string }): Promise<boolean> {
  const rows = await db
    .update(tenants)
    .set({ status, statusReason: reason })
    .where(and(eq(tenants.id, tenantId), ne(tenants.status, status)))
    .returning({ id: tenants.id });
  return rows.length > 0;
}

export async function insertTenantStatusChange(db: Db, input: { tenantId: string; status: TenantStatus; reason: string; actorUserId: string | null }) {
  await db.insert(tenantStatusChanges).values(input);
}

export async function listTenantStatusChanges(db: Db, { tenantId, limit = 50 }: { tenantId: string; limit?: number }) {
  return db
    .select({ id: tenantStatusChanges.id, status: tenantStatusChanges.status, reason: tenantStatusChanges.reason, createdAt: tenantStatusChanges.createdAt, actorEmail: users.email })
    .from(tenantStatusChanges)
    .leftJoin(users, eq(users.id, tenantStatusChanges.actorUserId))
    .where(eq(tenantStatusChanges.tenantId, tenantId))
    .orderBy(desc(tenantStatusChanges.createdAt), desc(tenantStatusChanges.id))
    .limit(limit);
}
