import type { Metadata } from "next";
import { CurrencyReportSection } from "@/components/reports/currency-report";
import { FailedPaymentsReport } from "@/components/reports/failed-payments-report";
import { ModeSwitch } from "@/components/reports/mode-switch";
import { ReportDefinitions } from "@/components/reports/report-definitions";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { requireTenant } from "@/lib/auth/session";
import { loadReportsView } from "@/lib/reports/revenue-report";

export const metadata: Metadata = { title: "Reports" };

export default async function ReportsPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { tenant: slug } = await params;
  const { tenant } = await requireTenant(slug, "reports.view");
  const report = await loadReportsView(await getDb(), { tenantId: tenant.id, requestedMode: (await searchParams).mode });
  const modeName = report.mode === "live" ? "live" : "test";
  return (
    <>
      <PageHeader
        title="Reports"
        description={`Revenue over the last twelve months in ${modeName} mode, per currency, from what Stripe reported. Definitions at the bottom.`}
        actions={<ModeSwitch basePath={`/${tenant.slug}/admin/reports`} mode={report.mode} />}
      />
      <div className="space-y-10">
        {report.currencies.length === 0 ? (
          <Card>
            <EmptyState title={`No revenue in ${modeName} mode yet`}>
              Subscriptions, payments and refunds appear here once Stripe reports them. {report.mode === "live" ? "Switch to Test to see test-mode figures." : ""}
            </EmptyState>
          </Card>
        ) : (
          report.currencies.map((c) => <CurrencyReportSection key={c.currency} report={c} />)
        )}
        <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
          <Card title="Failed payments" description="Subscription invoices by month: how often a payment failed, and how many were paid in the end.">
            {report.failedPayments.some((r) => r.invoices > 0) ? <FailedPaymentsReport rows={report.failedPayments} /> : <p className="text-sm text-slate-600">No subscription invoices in these months.</p>}
          </Card>
          <Card title="Credits outstanding" description="Held by members, not yet spent.">
            <p className="text-3xl font-semibold tabular-nums">{report.credits.credits.toLocaleString("en-US")}</p>
            <p className="text-sm text-slate-600">
              credits held by {report.credits.holders} member{report.credits.holders === 1 ? "" : "s"} (1 credit = 1 cent)
            </p>
          </Card>
        </div>
        <Card title="How these figures are computed">
          <ReportDefinitions />
        </Card>
      </div>
    </>
  );
}
