import type { Metadata } from "next";
import { getDb } from "@/db";
import { AutoRefresh } from "@/components/billing/auto-refresh";
import { ActionForm } from "@/components/forms/action-form";
import { BillingStatusBadge } from "@/components/platform-billing/billing-status-badge";
import { AmountDueCard } from "@/components/platform-billing/amount-due-card";
import { PlatformInvoiceList } from "@/components/platform-billing/platform-invoice-list";
import { LinkButton } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireTenant } from "@/lib/auth/session";
import { tenantActor } from "@/lib/auth/tenant-actor";
import { formatMoney } from "@/lib/money";
import { changePlatformPlanAction, openPlatformPortalAction } from "@/lib/platform-billing/actions";
import { viewerDateFormat } from "@/lib/viewer-date-format";
import { loadPortalBillingView } from "@/lib/platform-billing/portal-billing";

export const metadata: Metadata = { title: "Billing for this portal" };

export default async function PortalBillingPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<{ checkout?: string }> }) {
  const { formatDate: day } = await viewerDateFormat();
  const { tenant, user, role } = await requireTenant((await params).tenant, "platform_billing.manage");
  const view = await loadPortalBillingView(await getDb(), tenantActor(tenant, user.id, role));
  const returned = typeof (await searchParams).checkout === "string";
  const waiting = returned && (view.status === "none" || view.status === "incomplete" || view.status === "canceled");
  const sub = view.subscription;
  const live = view.canChangePlan;
  const arrears = view.inArrears;
  return (
    <>
      <PageHeader
        title="Billing for this portal"
        description={`What ${tenant.name} pays MemberPulse for the portal. Your members' payments go to your own Stripe account (Settings › Integrations), not here.`}
        actions={<BillingStatusBadge status={view.status} />}
      />
      <AutoRefresh active={waiting} />
      {waiting ? (
        <p role="status" data-testid="checkout-waiting" className="mb-4 rounded-lg bg-sky-50 px-4 py-3 text-sm text-sky-950 ring-1 ring-sky-200">
          Thank you! Stripe is confirming the payment; this page updates by itself in a few seconds.
        </p>
      ) : null}
      {/* A past-due or paused portal: the layout's BillingNotice says so on every page, this one included. */}
      {!view.configured ? (
        <p role="status" className="mb-4 rounded-lg bg-slate-100 px-4 py-3 text-sm text-slate-700">
          MemberPulse has not set up billing yet: there is nothing to pay for now.
        </p>
      ) : null}
      {view.owed ? <AmountDueCard slug={tenant.slug} status={view.status} owed={view.owed} /> : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Your plan" testId="current-plan">
          {sub && view.status !== "none" ? (
            <dl className="grid grid-cols-[8rem_minmax(0,1fr)] gap-x-3 gap-y-2 text-sm">
              <dt className="text-slate-500">Plan</dt>
              <dd className="font-medium text-slate-900" data-testid="plan-name">
                {sub.planName}
                {sub.amount != null && sub.currency ? <span className="font-normal text-slate-600"> · {formatMoney(sub.amount, sub.currency)}/month</span> : null}
              </dd>
              <dt className="text-slate-500">Status</dt>
              <dd>
                <BillingStatusBadge status={view.status} />
              </dd>
              {view.status === "trialing" && sub.trialEnd ? (
                <>
                  <dt className="text-slate-500">Trial ends</dt>
                  <dd>{day(sub.trialEnd)}</dd>
                </>
              ) : null}
              {view.owed ? (
                <>
                  <dt className="text-slate-500">Amount due</dt>
                  <dd data-testid="amount-due" className="font-semibold text-red-800">
                    {view.owed.totals.map((t) => formatMoney(t.amount, t.currency)).join(" + ")}
                  </dd>
                </>
              ) : (
                <>
                  <dt className="text-slate-500">Next invoice</dt>
                  <dd data-testid="next-invoice">
                    {view.nextInvoice
                      ? `${formatMoney(view.nextInvoice.amount, view.nextInvoice.currency)} on ${day(view.nextInvoice.at)}`
                      : sub.cancelAtPeriodEnd && sub.currentPeriodEnd
                        ? `None: the plan ends on ${day(sub.currentPeriodEnd)}`
                        : "None"}
                  </dd>
                </>
              )}
            </dl>
          ) : (
            <p className="text-sm text-slate-600">No plan yet. Choose one to start; you pay with a card in Stripe Checkout.</p>
          )}
          {view.hasCustomer ? (
            <ActionForm action={openPlatformPortalAction.bind(null, { slug: tenant.slug })} submitLabel="Manage billing in Stripe" pendingLabel="Opening Stripe…" variant="secondary" className="mt-4" />
          ) : null}
        </Card>
        <Card
          title={arrears ? "Plans" : live ? "Change plan" : "Choose a plan"}
          description={arrears ? "Pay what is due first; then you can change plan." : live ? "The difference is invoiced at once, prorated." : "Billed monthly. Cancel any time in Stripe."}
          testId="plan-choice"
        >
          {view.plans.length === 0 ? (
            <EmptyState title="No plans offered yet">MemberPulse has not published its plans yet.</EmptyState>
          ) : (
            <ul className="divide-y divide-slate-100">
              {view.plans.map((p) => {
                const current = live && sub?.planId === p.id;
                return (
                  <li key={p.id} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid="offered-plan">
                    <div className="min-w-0">
                      <p className="font-medium text-slate-900">{p.name}</p>
                      <p className="text-sm text-slate-600">
                        {formatMoney(p.amount, p.currency)}/month{p.trialDays ? ` · ${p.trialDays}-day free trial` : ""}
                      </p>
                    </div>
                    {arrears ? (
                      sub?.planId === p.id ? <span className="text-sm font-medium text-slate-700">Current plan</span> : null
                    ) : current ? (
                      <span className="text-sm font-medium text-emerald-700">Current plan</span>
                    ) : live ? (
                      <ActionForm
                        action={changePlatformPlanAction.bind(null, { slug: tenant.slug, planId: p.id })}
                        submitLabel={`Switch to ${p.name}…`}
                        pendingLabel="Switching…"
                        variant="secondary"
                        confirm={{ title: `Switch to ${p.name}?`, body: `From now on the portal costs ${formatMoney(p.amount, p.currency)} a month. The difference for this month is invoiced at once.`, confirmLabel: "Yes, switch" }}
                      />
                    ) : view.configured ? (
                      <LinkButton href={`/${tenant.slug}/settings/billing/checkout/${p.id}`} className="w-full sm:w-auto">
                        Choose {p.name}
                      </LinkButton>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          )}
        </Card>
        <Card title="Invoices" description="From MemberPulse to your organisation." className="lg:col-span-2" testId="platform-invoices">
          {view.invoices.length === 0 ? <p className="text-sm text-slate-600">No invoices yet.</p> : <PlatformInvoiceList slug={tenant.slug} rows={view.invoices} />}
        </Card>
      </div>
    </>
  );
}
