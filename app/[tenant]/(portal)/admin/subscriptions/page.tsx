import type { Metadata } from "next";
import Link from "next/link";
import { ProrationPolicyForm } from "@/components/admin/proration-policy-form";
import { InvoiceTable } from "@/components/billing/invoice-table";
import { SubscriptionStatusBadge } from "@/components/billing/subscription-status-badge";
import { ActionForm } from "@/components/forms/action-form";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { can } from "@/lib/auth/permissions";
import { requireTenant } from "@/lib/auth/session";
import { viewerDateFormat } from "@/lib/viewer-date-format";
import { formatMoney } from "@/lib/money";
import { saveProrationPolicyAction } from "@/lib/billing-settings/actions";
import { cancelNowAction } from "@/lib/subscriptions/actions";
import { PRORATION_POLICY_LABELS } from "@/lib/subscriptions/proration-policy";
import { loadAdminSubscriptionsView } from "@/lib/subscriptions/list-subscriptions";
import { loadSubscriptionListPage } from "@/lib/lists/sorted-lists";
import { ListPager, ListSortControls } from "@/components/ui/list-controls";
import { hasEnded } from "@/lib/subscriptions/statuses";

export const metadata: Metadata = { title: "Subscriptions" };

export default async function AdminSubscriptionsPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { formatDate } = await viewerDateFormat();
  const { tenant, role } = await requireTenant((await params).tenant, "subscriptions.view_all");
  const db = await getDb();
  const base = `/${tenant.slug}/admin/subscriptions`;
  const [{ notices, invoices, prorationPolicy }, { rows, links }] = await Promise.all([
    loadAdminSubscriptionsView(db, { tenantId: tenant.id }),
    loadSubscriptionListPage(db, { tenantId: tenant.id, base, params: await searchParams }),
  ]);
  const canCancel = can(role, "subscriptions.cancel_immediately");
  return (
    <>
      <PageHeader
        title="Subscriptions"
        description="Members' memberships, failed renewal payments, and invoices."
        actions={
          <a href={`/api/subscriptions/export?tenant=${tenant.slug}`} download className={buttonClass("secondary")} data-testid="export-subscriptions">
            Export CSV
          </a>
        }
      />
      <Card title="Failed payments" description="Renewals whose payment failed and are still unpaid. Members see a notice with “Pay now”." className="mb-6">
        {notices.length === 0 ? (
          <p className="text-sm text-slate-600">No failed payments.</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm" data-testid="failed-payments">
            {notices.map((n) => (
              <li key={n.id} className="flex items-start justify-between gap-3 py-2">
                {/* One member can have several unpaid renewals: the date tells them apart (it read as the same line three times). */}
                <span className="min-w-0 [overflow-wrap:anywhere]">
                  {n.userId ? (
                    <Link href={`/${tenant.slug}/admin/members/${n.userId}`} className="text-brand-700 hover:underline">
                      {n.userEmail}
                    </Link>
                  ) : (
                    "Unknown member"
                  )}
                  <span className="block text-xs text-slate-500">failed {formatDate(n.createdAt)}</span>
                </span>
                <span className="shrink-0 font-medium text-red-700">{formatMoney(n.amountDue, n.currency)} overdue</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Memberships" className="mb-6">
        <ListSortControls noun="memberships" {...links} />
        {rows.length === 0 ? (
          <EmptyState title={links.firstHref ? "No more memberships" : "No subscriptions yet"}>
            {links.firstHref ? "This page is past the last membership." : "Memberships appear here when members subscribe to a plan."}
          </EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="admin-subscriptions">
            {rows.map((s) => (
              <li key={s.stripeSubscriptionId} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <div className="min-w-0 text-sm">
                  <p className="font-medium text-slate-900">{s.userEmail}</p>
                  <p className="text-slate-600">
                    {s.productName} · {formatMoney(s.amount, s.currency)} / {s.interval ?? "month"}
                    {s.cancelAtPeriodEnd ? " · cancels at period end" : ""}
                    {s.status === "trialing" && s.trialEnd ? ` · trial ends ${formatDate(s.trialEnd)}` : ""}
                  </p>
                </div>
                <div className="flex items-center gap-3">
                  <SubscriptionStatusBadge status={s.status} />
                  {canCancel && !hasEnded(s.status) ? (
                    <ActionForm
                      action={cancelNowAction.bind(null, { slug: tenant.slug, subscriptionId: s.stripeSubscriptionId })}
                      submitLabel="Cancel now"
                      pendingLabel="Canceling…"
                      variant="danger"
                      testId="cancel-now-form"
                      confirm={{
                        title: `Cancel ${s.userEmail}'s ${s.productName} now?`,
                        body: "The subscription ends immediately and the member loses its access at once. Nothing is refunded automatically; to end it at the period's end instead, let the member cancel.",
                        confirmLabel: "Yes, cancel now",
                      }}
                    />
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        )}
        <ListPager noun="memberships" firstHref={links.firstHref} nextHref={links.nextHref} shown={rows.length} />
      </Card>
      <Card
        title="Latest invoices"
        actions={
          <Link href={`/${tenant.slug}/admin/invoices`} className="text-sm font-medium text-brand-700 hover:underline">
            All invoices, sortable →
          </Link>
        }
      >
        {invoices.length === 0 ? <EmptyState title="No invoices yet" /> : <InvoiceTable slug={tenant.slug} rows={invoices} showMember />}
      </Card>
      {can(role, "catalog.manage") ? (
        <Card title="Plan changes" description="How an upgrade or downgrade is billed. Members see what it means in the preview before they confirm." className="mt-6 max-w-2xl">
          <ProrationPolicyForm
            action={saveProrationPolicyAction.bind(null, { slug: tenant.slug })}
            current={prorationPolicy}
            options={Object.entries(PRORATION_POLICY_LABELS).map(([value, o]) => ({ value, ...o }))}
          />
        </Card>
      ) : null}
    </>
  );
}
