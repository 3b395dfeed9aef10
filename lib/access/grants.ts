import type { Db } from "@/db";
import { insertGrant, revokeGrant } from "@/db/queries/access-grants";
import { recordAudit } from "@/db/queries/audit-log";
import { getEntitlementSet } from "@/db/queries/entitlement-sets";
import { getMembership } from "@/db/queries/memberships";

type GrantInput = { tenantId: string; actorUserId: string; userId: string; entitlementSetId: string; reason: string; endsAt: Date | null };

/** Admin-granted access without billing. Null when the member or set is not this tenant's. */
export async function grantAccess(db: Db, input: GrantInput) {
  const [membership, set] = await Promise.all([
    getMembership(db, { tenantId: input.tenantId, userId: input.userId }),
    getEntitlementSet(db, { tenantId: input.tenantId, setId: input.entitlementSetId }),
  ]);
  if (!membership || !set) return null;
  return db.transaction(async (tx) => {
    const grant = await insertGrant(tx, {
      tenantId: input.tenantId,
      userId: input.userId,
      entitlementSetId: set.id,
      reason: input.reason,
      endsAt: input.endsAt,
      grantedBy: input.actorUserId,
    });
    await recordAudit(tx, { tenantId: input.tenantId, actorUserId: input.actorUserId, action: "access.granted", target: `${input.userId}:${set.id}`, fields: ["entitlement_set", "reason", "ends_at"] });
    return grant;
  });
}

export async function revokeAccess(db: Db, { tenantId, actorUserId, grantId }: { tenantId: string; actorUserId: string; grantId: string }) {
  return db.transaction(async (tx) => {
    const grant = await revokeGrant(tx, { tenantId, grantId, revokedBy: actorUserId });
    if (!grant) return null;
    await recordAudit(tx, { tenantId, actorUserId, action: "access.revoked", target: `${grant.userId}:${grant.entitlementSetId}`, fields: ["revoked_at"] });
    return grant;
  });
}
