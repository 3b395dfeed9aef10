import type { Db } from "@/db/client";
import { listAudit } from "@/db/queries/audit-log";
import { listOpenNotices } from "@/db/queries/billing-notices";
import { listTenantMembers } from "@/db/queries/memberships";
import { getStripeSettingsView } from "@/lib/stripe-connection/settings-view";

/** Everything the admin home shows, in one round of parallel reads. */
export async function loadAdminOverview(db: Db, { tenantId }: { tenantId: string }) {
  const [members, audit, stripe, failedPayments] = await Promise.all([
    listTenantMembers(db, { tenantId }),
    listAudit(db, { tenantId, limit: 5 }),
    getStripeSettingsView(db, { tenantId }),
    listOpenNotices(db, { tenantId }),
  ]);
  return { members, audit, stripe, failedPayments };
}

export type FailedPayment = Awaited<ReturnType<typeof listOpenNotices>>[number];
