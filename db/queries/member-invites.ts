import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "../client";
import { memberInvites, tenants, users } from "../schema";

export async function insertInvite(db: Db, input: { tenantId: string; userId: string; tokenHash: string; expiresAt: Date; createdBy: string }) {
  await db.insert(memberInvites).values(input);
}

/** An unused, unexpired invite by token hash, with who it is for. */
export async function findUsableInvite(db: Db, { tokenHash, now }: { tokenHash: string; now: Date }) {
  const [row] = await db
    .select({ id: memberInvites.id, userId: memberInvites.userId, email: users.email, tenantSlug: tenants.slug, tenantName: tenants.name })
    .from(memberInvites)
    .innerJoin(users, eq(users.id, memberInvites.userId))
    .innerJoin(tenants, eq(tenants.id, memberInvites.tenantId))
    .where(and(eq(memberInvites.tokenHash, tokenHash), isNull(memberInvites.usedAt), gt(memberInvites.expiresAt, now)))
    .limit(1);
  return row;
}

/** Single use: only the first caller gets the row back. */
export async function consumeInvite(db: Db, { inviteId, now }: { inviteId: string; now: Date }) {
  const [row] = await db
    .update(memberInvites)
    .set({ usedAt: now })
    .where(and(eq(memberInvites.id, inviteId), isNull(memberInvites.usedAt), gt(memberInvites.expiresAt, now)))
    .returning({ userId: memberInvites.userId });
  return row;
}
