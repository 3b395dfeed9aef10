import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { memberships, tenants, users, type Role } from "../schema";

export type TenantMembership = {
  membershipId: string;
  role: Role;
  tenant: { id: string; slug: string; name: string };
};

/** The user's role in one tenant, or undefined when they are not a member. */
export async function getMembership(
  db: Db,
  { tenantId, userId }: { tenantId: string; userId: string },
): Promise<{ id: string; role: Role } | undefined> {
  const [row] = await db
    .select({ id: memberships.id, role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)))
    .limit(1);
  return row;
}

/** One member of the tenant by user id, with what a filter chip shows; undefined for anyone else. */
export async function getTenantMember(db: Db, { tenantId, userId }: { tenantId: string; userId: string }) {
  const [row] = await db
    .select({ userId: users.id, email: users.email, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)))
    .limit(1);
  return row;
}

/** Every tenant the user belongs to, for the tenant switcher and the post-sign-in redirect. */
export async function listMembershipsForUser(db: Db, { userId }: { userId: string }): Promise<TenantMembership[]> {
  const rows = await db
    .select({ membershipId: memberships.id, role: memberships.role, id: tenants.id, slug: tenants.slug, name: tenants.name })
    .from(memberships)
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(tenants.name));
  return rows.map((r) => ({ membershipId: r.membershipId, role: r.role, tenant: { id: r.id, slug: r.slug, name: r.name } }));
}

export async function addMembership(db: Db, { tenantId, userId, role }: { tenantId: string; userId: string; role: Role }) {
  const [row] = await db.insert(memberships).values({ tenantId, userId, role }).returning();
  if (!row) throw new Error("membership insert returned nothing");
  return row;
}

export async function setMembershipRole(db: Db, { tenantId, userId, role }: { tenantId: string; userId: string; role: Role }) {
  await db
    .update(memberships)
    .set({ role })
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)));
}

export async function removeMembership(db: Db, { tenantId, userId }: { tenantId: string; userId: string }) {
  await db.delete(memberships).where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)));
}

/** Members of a tenant with their e-mail, for admin pages. */
export async function listTenantMembers(db: Db, { tenantId }: { tenantId: string }) {
  return db
    .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role, joinedAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.tenantId, tenantId))
    .orderBy(asc(users.email));
}

/** How many people the tenant has, and how many of them are admins (the overview's count). */
export async function countTenantMembers(db: Db, { tenantId }: { tenantId: string }): Promise<{ people: number; admins: number }> {
  const [row] = await db
    .select({ people: sql<number>`count(*)::int`, admins: sql<number>`(count(*) filter (where ${memberships.role} = 'ROLE_CLIENT_ADMIN'))::int` })
    .from(memberships)
    .where(eq(memberships.tenantId, tenantId));
  return { people: row?.people ?? 0, admins: row?.admins ?? 0 };
}

/**
 * Locks the tenant's admin memberships (FOR UPDATE) and returns their user ids: inside a
 * transaction, two admins demoting each other at the same moment cannot both see "another admin left".
 */
export async function lockTenantAdmins(db: Db, { tenantId }: { tenantId: string }): Promise<string[]> {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.role, "ROLE_CLIENT_ADMIN")))
    .for("update");
  return rows.map((r) => r.userId);
}
