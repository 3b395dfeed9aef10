import { and, eq, sql } from "drizzle-orm";
import { builtOnce } from "./built-once";
import type { Db } from "../client";
import { currentPlatformStatusOf } from "./platform-billing";
import { memberships, tenants, users, type NewTenant, type Role, type Tenant, type User } from "../schema";

export async function getTenantBySlug(db: Db, { slug }: { slug: string }): Promise<Tenant | undefined> {
  const [row] = await db.select().from(tenants).where(eq(tenants.slug, slug)).limit(1);
  return row;
}

export async function getTenantById(db: Db, { tenantId }: { tenantId: string }): Promise<Tenant | undefined> {
  const [row] = await db.select().from(tenants).where(eq(tenants.id, tenantId)).limit(1);
  return row;
}

export async function createTenant(db: Db, values: NewTenant): Promise<Tenant> {
  const [row] = await db.insert(tenants).values(values).returning();
  if (!row) throw new Error("tenant insert returned nothing");
  return row;
}

export type TenantWithMembership = { tenant: Tenant; membership: { id: string; role: Role } | null; platformStatus: string | null };

/** What both lookups read of the tenant (joined to the user's membership). */
const tenantLookupColumns = { tenant: tenants, membershipId: memberships.id, role: memberships.role, platformStatus: currentPlatformStatusOf(tenants.id) };

type LookupRow = { tenant: Tenant | null; membershipId: string | null; role: Role | null; platformStatus: string | null };

function toTenantWithMembership(row: LookupRow): TenantWithMembership | undefined {
  if (!row.tenant) return undefined;
  return { tenant: row.tenant, membership: row.membershipId && row.role ? { id: row.membershipId, role: row.role } : null, platformStatus: row.platformStatus };
}

/**
 * The tenant at `slug`, the user's membership in it and the tenant's platform plan status, in one
 * statement (every signed-in page asks all three): undefined for an unknown slug; `membership` null
 * when the user does not belong to it; `platformStatus` null when the tenant never subscribed.
 */
export async function getTenantWithMembership(db: Db, { slug, userId }: { slug: string; userId: string }): Promise<TenantWithMembership | undefined> {
  const [row] = await db
    .select(tenantLookupColumns)
    .from(tenants)
    .leftJoin(memberships, and(eq(memberships.tenantId, tenants.id), eq(memberships.userId, userId)))
    .where(eq(tenants.slug, slug))
    .limit(1);
  return row ? toTenantWithMembership(row) : undefined;
}

/**
 * The signed-in user's row together with getTenantWithMembership's answer for `slug`, in one
 * statement: a tenant page needs both before anything else. undefined when the user is gone;
 * `tenant` undefined for an unknown slug.
 */
export async function getUserWithTenant(db: Db, { userId, slug }: { userId: string; slug: string }): Promise<{ user: User; tenant: TenantWithMembership | undefined } | undefined> {
  const [row] = await userWithTenant(db).execute({ userId, slug });
  return row ? { user: row.user, tenant: toTenantWithMembership(row) } : undefined;
}

/** Every tenant page runs it, so Drizzle writes it once (builtOnce). */
const userWithTenant = builtOnce((db) =>
  db
    .select({ user: users, ...tenantLookupColumns })
    .from(users)
    .leftJoin(tenants, eq(tenants.slug, sql.placeholder("slug")))
    .leftJoin(memberships, and(eq(memberships.tenantId, tenants.id), eq(memberships.userId, users.id)))
    .where(eq(users.id, sql.placeholder("userId")))
    .limit(1)
    .prepare("user_with_tenant"),
);
