import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { AuditTable } from "@/components/admin/audit-table";
import { FirstRunChecklist } from "@/components/admin/first-run-checklist";
import { FailedPaymentsCard } from "@/components/billing/failed-payments-card";
import { RevenueHeadline } from "@/components/reports/revenue-headline";
import { DisputesNotice } from "@/components/disputes/disputes-notice";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { StripeStatusBadge } from "@/components/settings/stripe-status-badge";
import { requireTenantAdmin } from "@/lib/auth/session";
import { loadAdminOverview } from "@/lib/admin/overview";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminHome({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<{ welcome?: string }> }) {
  const { tenant, billing } = await requireTenantAdmin((await params).tenant);
  const welcome = (await searchParams).welcome === "1";
  const { members, audit, stripe, failedPayments, checklist, revenue, disputes } = await loadAdminOverview(await getDb(), { tenantId: tenant.id, slug: tenant.slug, billing });
  const stripeNow = stripe.modes[stripe.activeMode];
  const { people, admins } = members;
  return (
    <>
      <PageHeader title="Admin overview" description={`Manage ${tenant.name}'s portal.`} />
      {checklist ? <FirstRunChecklist steps={checklist} welcome={welcome} organisation={tenant.name} /> : null}
      <DisputesNotice open={disputes.open} nextDueBy={disputes.nextDueBy} slug={tenant.slug} />
      <RevenueHeadline report={revenue} slug={tenant.slug} />
      <div className="mt-6 grid gap-4 sm:grid-cols-2">
        <Card title="People">
          <p className="text-3xl font-semibold">{people}</p>
          <p className="text-sm text-slate-500">
            {admins} admin{admins === 1 ? "" : "s"}, {people - admins} member{people - admins === 1 ? "" : "s"}
          </p>
        </Card>
        <Card title="Stripe" actions={<StripeStatusBadge badge={stripeNow.badge} />}>
          <p className="text-sm text-slate-600">
            {stripeNow.badge === "not_configured"
              ? "Payments are not connected yet. Connecting your Stripe account lets members pay inside the portal."
              : stripeNow.badge === "setting_up"
                ? "A new Stripe account is being set up. Finish it on Stripe's page so members can pay."
                : `${stripe.activeMode === "live" ? "Live" : "Test"} mode${stripeNow.account.name ? ` · ${stripeNow.account.name}` : ""}${stripeNow.account.id ? ` (${stripeNow.account.id})` : ""}`}
          </p>
          <Link href={`/${tenant.slug}/settings/integrations/stripe`} className="mt-3 inline-block text-sm font-medium text-brand-600 hover:underline">
            {stripeNow.badge === "not_configured" ? "Connect Stripe" : stripeNow.badge === "setting_up" ? "Continue Stripe setup" : "Stripe settings"}
          </Link>
        </Card>
        <FailedPaymentsCard notices={failedPayments} slug={tenant.slug} />
      </div>
      <Card title="Recent changes" className="mt-6" actions={<Link href={`/${tenant.slug}/admin/audit`} className="inline-flex min-h-6 items-center text-sm font-medium text-brand-600 hover:underline">View all</Link>}>
        <AuditTable rows={audit} />
      </Card>
    </>
  );
}
