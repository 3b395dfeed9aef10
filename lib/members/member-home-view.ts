import type { Db } from "@/db/client";
import { resolveAccess } from "@/lib/access/resolve-access";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { listPaymentViews } from "@/lib/payments/read-payments";

/** The member home: what they can use, and their latest payments (newest first). */
export async function loadMemberHomeView(db: Db, actor: TenantActor) {
  const [access, recent] = await Promise.all([
    resolveAccess(db, { tenantId: actor.tenantId, userId: actor.userId }),
    listPaymentViews(db, actor, { ownOnly: true, limit: 5 }),
  ]);
  return { access, recentPayments: recent.data, morePayments: recent.nextCursor !== null };
}
