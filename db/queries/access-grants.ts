import { and, desc, eq, gt, inArray, isNull, lte, or } from "drizzle-orm";
import type { Db } from "../client";
import { accessGrants, entitlementSets, users } from "../schema";

export async function insertGrant(
  db: Db,
  input: { tenantId: string; userId: string; entitlementSetId: string; reason: string; endsAt: Date | null; grantedBy: string },
) {
  const [row] = await db.insert(accessGrants).values(input).returning();
  if (!row) throw new Error("grant insert returned nothing");
  return row;
}

/** Revokes once; undefined when the grant is not this tenant's or was already revoked. */
export async function revokeGrant(db: Db, { tenantId, grantId, revokedBy }: { tenantId: string; grantId: string; revokedBy: string }) {
  const [row] = await db
    .update(accessGrants)
    .set({ revokedAt: new Date(), revokedBy })
    .where(and(eq(accessGrants.tenantId, tenantId), eq(accessGrants.id, grantId), isNull(accessGrants.revokedAt)))
    .returning();
  return row;
}

/** All of a member's grants, history included, for the admin page. */
export async function listGrantsForMember(db: Db, { tenantId, userId }: { tenantId: string; userId: string }) {
  return db
    .select({
      id: accessGrants.id,
      reason: accessGrants.reason,
      startsAt: accessGrants.startsAt,
      endsAt: accessGrants.endsAt,
      revokedAt: accessGrants.revokedAt,
      createdAt: accessGrants.createdAt,
      setId: entitlementSets.id,
      setName: entitlementSets.name,
      grantedByEmail: users.email,
    })
    .from(accessGrants)
    .innerJoin(entitlementSets, eq(entitlementSets.id, accessGrants.entitlementSetId))
    .leftJoin(users, eq(users.id, accessGrants.grantedBy))
    .where(and(eq(accessGrants.tenantId, tenantId), eq(accessGrants.userId, userId)))
    .orderBy(desc(accessGrants.createdAt));
}

/** Grants in force at `now`: not revoked, started, and not past their end. */
export async function listActiveGrantSets(db: Db, { tenantId, userId, userIds, now }: { tenantId: string; userId?: string; userIds?: readonly string[]; now: Date }) {
  return db
    .select({
      grantId: accessGrants.id,
      userId: accessGrants.userId,
      endsAt: accessGrants.endsAt,
      setId: entitlementSets.id,
      setName: entitlementSets.name,
      featureKeys: entitlementSets.featureKeys,
    })
    .from(accessGrants)
    .innerJoin(entitlementSets, eq(entitlementSets.id, accessGrants.entitlementSetId))
    .where(
      and(
        eq(accessGrants.tenantId, tenantId),
        userId ? eq(accessGrants.userId, userId) : undefined,
        userIds ? inArray(accessGrants.userId, [...userIds]) : undefined,
        isNull(accessGrants.revokedAt),
        lte(accessGrants.startsAt, now),
        or(isNull(accessGrants.endsAt), gt(accessGrants.endsAt, now)),
      ),
    );
}
