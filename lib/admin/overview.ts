import type { Db } from "@/db/client";
import { listAudit } from "@/db/queries/audit-log";
import { listOpenNotices } from "@/db/queries/billing-notices";
import { openDisputeSummary } from "@/db/queries/disputes";
import { listTenantMembers } from "@/db/queries/memberships";
import { getStripeSettingsView } from "@/lib/stripe/settings-view";

/** Everything the admin home shows, in one round of parallel reads. */
export async function loadAdminOverview(db: Db, { tenantId }: { tenantId: string }) {
  const [members, audit, stripe, failedPayments, disputes] = await Promise.all([
    listTenantMembers(db, { tenantId }),
    listAudit(db, { tenantId, limit: 5 }),
    getStripeSettingsView(db, { tenantId }),
    listOpenNotices(db, { tenantId }),
    openDisputeSummary(db, { tenantId }),
  ]);
  return { members, audit, stripe, failedPayments, disputes };
}

export type FailedPayment = Awaited<ReturnType<typeof listOpenNotices>>[number];
