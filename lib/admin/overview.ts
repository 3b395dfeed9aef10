import type { Db } from "@/db/client";
import { listAudit } from "@/db/queries/audit-log";
import { listOpenNotices } from "@/db/queries/billing-notices";
import { listTenantMembers } from "@/db/queries/memberships";
import { loadRevenueReport, reportMode } from "@/lib/reports/revenue-report";
import { getStripeSettingsView } from "@/lib/stripe/settings-view";

/** Everything the admin home shows, in one round of parallel reads. */
export async function loadAdminOverview(db: Db, { tenantId }: { tenantId: string }) {
  const [members, audit, stripe, failedPayments, revenue] = await Promise.all([
    listTenantMembers(db, { tenantId }),
    listAudit(db, { tenantId, limit: 5 }),
    getStripeSettingsView(db, { tenantId }),
    listOpenNotices(db, { tenantId }),
    // Six months of the active mode's revenue: the headline figures and the MRR trend.
    reportMode(db, { tenantId }).then((mode) => loadRevenueReport(db, { tenantId, mode, months: 6 })),
  ]);
  return { members, audit, stripe, failedPayments, revenue };
}

export type FailedPayment = Awaited<ReturnType<typeof listOpenNotices>>[number];
