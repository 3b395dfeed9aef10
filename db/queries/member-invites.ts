import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "../client";
import { memberInvites, memberships, tenants, users } from "../schema";

export async function insertInvite(db: Db, input: { tenantId: string; userId: string; tokenHash: string; expiresAt: Date; createdBy: string }) {
  await db.insert(memberInvites).values(input);
}

/** An unused, unrevoked, unexpired invite by token hash, with who it is for. */
export async function findUsableInvite(db: Db, { tokenHash, now }: { tokenHash: string; now: Date }) {
  const [row] = await db
    .select({ id: memberInvites.id, userId: memberInvites.userId, email: users.email, tenantSlug: tenants.slug, tenantName: tenants.name })
    .from(memberInvites)
    .innerJoin(users, eq(users.id, memberInvites.userId))
    .innerJoin(tenants, eq(tenants.id, memberInvites.tenantId))
    .where(and(eq(memberInvites.tokenHash, tokenHash), isNull(memberInvites.usedAt), isNull(memberInvites.revokedAt), gt(memberInvites.expiresAt, now)))
    .limit(1);
  return row;
}

/** Single use: only the first caller gets the row back (a revoked invite is never consumed). */
export async function consumeInvite(db: Db, { inviteId, now }: { inviteId: string; now: Date }) {
  const [row] = await db
    .update(memberInvites)
    .set({ usedAt: now })
    .where(and(eq(memberInvites.id, inviteId), isNull(memberInvites.usedAt), isNull(memberInvites.revokedAt), gt(memberInvites.expiresAt, now)))
    .returning({ userId: memberInvites.userId });
  return row;
}

/**
 * Invites still waiting for their person: not used, not revoked, for someone who is still a member
 * and has not set a password. Expired ones are listed too (the page offers a fresh link). Newest
 * invite per person first; the caller keeps the first row per user.
 */
export async function listOpenInvites(db: Db, { tenantId }: { tenantId: string }) {
  return db
    .select({ userId: memberInvites.userId, email: users.email, name: users.name, createdAt: memberInvites.createdAt, expiresAt: memberInvites.expiresAt })
    .from(memberInvites)
    .innerJoin(users, eq(users.id, memberInvites.userId))
    .innerJoin(memberships, and(eq(memberships.tenantId, memberInvites.tenantId), eq(memberships.userId, memberInvites.userId)))
    .where(and(eq(memberInvites.tenantId, tenantId), isNull(memberInvites.usedAt), isNull(memberInvites.revokedAt), isNull(users.passwordHash)))
    .orderBy(users.email, desc(memberInvites.createdAt));
}

/** Revokes every open invite of one person in one tenant; returns how many there were. */
export async function revokeOpenInvites(db: Db, { tenantId, userId, now }: { tenantId: string; userId: string; now: Date }): Promise<number> {
  const rows = await db
    .update(memberInvites)
    .set({ revokedAt: now })
    .where(and(eq(memberInvites.tenantId, tenantId), eq(memberInvites.userId, userId), isNull(memberInvites.usedAt), isNull(memberInvites.revokedAt)))
    .returning({ id: memberInvites.id });
  return rows.length;
}
