import type { Db } from "@/db/client";
import { listGrantsForMember } from "@/db/queries/access-grants";
import { listEntitlementSets } from "@/db/queries/entitlement-sets";
import { getMembership } from "@/db/queries/memberships";
import { getUserById } from "@/db/queries/users";
import { labelGrants } from "@/lib/access/grant-state";
import { resolveAccess } from "@/lib/access/resolve-access";
import { loadMemberCredits } from "@/lib/credits/ledger-page";

/**
 * One member, as an admin manages them: who they are and their role, their access (the portal's
 * rule), grant history, the sets that can be granted, and their credits. Undefined when the person
 * is not a member of this tenant (the page answers 404, whatever exists elsewhere).
 */
export async function loadMemberDetailView(db: Db, { tenantId, memberId }: { tenantId: string; memberId: string }) {
  const membership = await getMembership(db, { tenantId, userId: memberId });
  const user = membership ? await getUserById(db, { userId: memberId }) : undefined;
  if (!membership || !user) return undefined;
  const [access, grants, sets, credits] = await Promise.all([
    resolveAccess(db, { tenantId, userId: memberId }),
    listGrantsForMember(db, { tenantId, userId: memberId }).then((rows) => labelGrants(rows)),
    listEntitlementSets(db, { tenantId }),
    loadMemberCredits(db, { tenantId, userId: memberId }),
  ]);
  return { membership, user, access, grants, sets, credits };
}
