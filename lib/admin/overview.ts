import type { Db } from "@/db/client";
import { listAudit } from "@/db/queries/audit-log";
import { hasSellablePrice } from "@/db/queries/catalog-products";
import { listOpenNotices } from "@/db/queries/billing-notices";
import { openDisputeSummary } from "@/db/queries/disputes";
import { countTenantMembers } from "@/db/queries/memberships";
import { cachedRevenueReport } from "@/lib/reports/report-cache";
import { reportMode } from "@/lib/reports/revenue-report";
import { getStripeSettingsView } from "@/lib/stripe-connection/settings-view";
import { firstRunChecklist } from "./first-run-checklist";
import { listPlatformPlans } from "@/db/queries/platform-billing";
import type { PlatformBillingStatus } from "@/lib/platform-billing/billing-status";
import { platformStripeOrNull } from "@/lib/platform-billing/platform-stripe";

/** The checklist's plan step: shown while MemberPulse offers plans (or the organisation has one). `status`: requireTenant's. */
async function planStep(db: Db, status: PlatformBillingStatus) {
  const done = status === "trialing" || status === "active" || status === "past_due";
  if (done || status !== "none") return { done };
  const offered = platformStripeOrNull() !== null && (await listPlatformPlans(db, { activeOnly: true })).some((p) => p.syncStatus === "synced");
  return offered ? { done } : null;
}

/** Everything the admin home shows, in one round of parallel reads. */
export async function loadAdminOverview(db: Db, { tenantId, slug, billing }: { tenantId: string; slug: string; billing: PlatformBillingStatus }) {
  const [members, audit, stripe, failedPayments, sellable, revenue, disputes] = await Promise.all([
    countTenantMembers(db, { tenantId }),
    listAudit(db, { tenantId, limit: 5 }),
    getStripeSettingsView(db, { tenantId }),
    listOpenNotices(db, { tenantId }),
    hasSellablePrice(db, { tenantId }),
    // Six months of the active mode's revenue: the headline figures and the MRR trend (kept a minute).
    reportMode(db, { tenantId }).then((mode) => cachedRevenueReport(db, { tenantId, mode, months: 6 })),
    openDisputeSummary(db, { tenantId }),
  ]);
  const plan = await planStep(db, billing);
  const checklist = firstRunChecklist(slug, { stripe, sellable, people: members.people, plan });
  return { members, audit, stripe, failedPayments, checklist, revenue, disputes };
}

export type FailedPayment = Awaited<ReturnType<typeof listOpenNotices>>[number];
