import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db";
import { ActionForm } from "@/components/forms/action-form";
import { ConnectionHealthCard } from "@/components/platform/connection-health";
import { TenantStatusBadge } from "@/components/platform/tenant-status-badge";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { BillingStatusBadge } from "@/components/platform-billing/billing-status-badge";
import { PlatformInvoiceList } from "@/components/platform-billing/platform-invoice-list";
import { viewerDateFormat } from "@/lib/viewer-date-format";
import { formatMoney } from "@/lib/money";
import { asBillingStatus } from "@/lib/platform-billing/billing-status";
import { loadPlatformTenantView } from "@/lib/platform/console-view";
import { requirePlatformAdmin } from "@/lib/platform/require-operator";
import { reactivateTenantAction, suspendTenantAction } from "./actions";

export const metadata: Metadata = { title: "Tenant" };

export default async function PlatformTenantPage({ params }: { params: Promise<{ tenantId: string }> }) {
  const { formatDateTime } = await viewerDateFormat();
  await requirePlatformAdmin();
  const view = await loadPlatformTenantView(await getDb(), { tenantId: (await params).tenantId });
  if (!view) notFound();
  const { tenant, history, people, connections, billing } = view;
  const suspended = tenant.status === "suspended";
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/platform" className="font-medium text-brand-600 hover:underline">
          ← Tenants
        </Link>
      </p>
      <PageHeader
        title={tenant.name}
        description={
          <>
            <span className="font-mono">/{tenant.slug}</span> · created {formatDateTime(tenant.createdAt)} · {people.admins} admin{people.admins === 1 ? "" : "s"}, {people.members}{" "}
            member{people.members === 1 ? "" : "s"}
          </>
        }
        actions={<TenantStatusBadge status={tenant.status} />}
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card
          title={suspended ? "Reactivate" : "Suspend"}
          description={
            suspended
              ? "The organisation takes payments again at once. The reason is kept in the history."
              : "New payments, subscriptions, plan changes and invoices are refused at once; members keep signing in and seeing their history. The organisation's admins see your reason."
          }
        >
          {suspended && tenant.statusReason ? <p className="mb-3 text-sm text-slate-700">Suspended because: “{tenant.statusReason}”</p> : null}
          <ActionForm
            action={(suspended ? reactivateTenantAction : suspendTenantAction).bind(null, { tenantId: tenant.id })}
            submitLabel={suspended ? "Reactivate…" : "Suspend…"}
            pendingLabel={suspended ? "Reactivating…" : "Suspending…"}
            variant={suspended ? "primary" : "danger"}
            className="space-y-3"
            testId="status-form"
            confirm={{
              title: suspended ? `Reactivate ${tenant.name}?` : `Suspend ${tenant.name}?`,
              body: suspended ? "Its members can pay again at once." : "Its members cannot start new payments until you reactivate it. Existing subscriptions keep renewing at Stripe.",
              confirmLabel: suspended ? "Yes, reactivate" : "Yes, suspend",
            }}
          >
            <TextField label="Reason" name="reason" required minLength={3} maxLength={500} placeholder={suspended ? "e.g. Invoice settled on 2 Dec" : "e.g. Platform invoice unpaid for 30 days"} />
          </ActionForm>
        </Card>
        <Card title="Status history">
          {history.length === 0 ? (
            <p className="text-sm text-slate-600">No changes recorded.</p>
          ) : (
            <ol className="divide-y divide-slate-100 text-sm" data-testid="status-history">
              {history.map((h) => (
                <li key={h.id} className="py-2 first:pt-0 last:pb-0">
                  <p className="flex flex-wrap items-center gap-2">
                    <TenantStatusBadge status={h.status} />
                    <span className="text-slate-600">{formatDateTime(h.createdAt)}</span>
                    {h.actorEmail ? <span className="text-slate-500">by {h.actorEmail}</span> : null}
                  </p>
                  <p className="mt-0.5 break-words text-slate-800">“{h.reason}”</p>
                </li>
              ))}
            </ol>
          )}
        </Card>
        <Card title="MemberPulse billing" description="The organisation's plan on the platform's Stripe account, as platform webhooks report it." actions={<BillingStatusBadge status={billing.status} />} testId="tenant-billing">
          <dl className="grid grid-cols-[8rem_minmax(0,1fr)] gap-x-3 gap-y-2 text-sm">
            <dt className="text-slate-500">Plan</dt>
            <dd className="font-medium text-slate-900">{billing.planName ?? "No plan"}</dd>
            <dt className="text-slate-500">MRR</dt>
            <dd data-testid="tenant-mrr">{billing.mrr ? formatMoney(billing.mrr.amount, billing.mrr.currency) : "—"}</dd>
            <dt className="text-slate-500">Renews</dt>
            <dd>{billing.currentPeriodEnd ? formatDateTime(billing.currentPeriodEnd) : "—"}</dd>
            <dt className="text-slate-500">Last event</dt>
            <dd>{billing.lastEventAt ? formatDateTime(billing.lastEventAt) : "Never"}</dd>
          </dl>
          <h3 className="mt-4 text-sm font-semibold text-slate-900">Platform invoices</h3>
          {billing.invoices.length ? <PlatformInvoiceList rows={billing.invoices} payable={false} /> : <p className="mt-1 text-sm text-slate-600">None yet.</p>}
        </Card>
        <Card title="Billing status history" description="Changes come only from the platform's Stripe events.">
          {billing.history.length === 0 ? (
            <p className="text-sm text-slate-600">No changes recorded.</p>
          ) : (
            <ol className="divide-y divide-slate-100 text-sm" data-testid="billing-history">
              {billing.history.map((h) => (
                <li key={h.id} className="py-2 first:pt-0 last:pb-0">
                  <p className="flex flex-wrap items-center gap-2">
                    <BillingStatusBadge status={asBillingStatus(h.status)} />
                    <span className="text-slate-600">{formatDateTime(h.createdAt)}</span>
                  </p>
                  <p className="mt-0.5 break-all font-mono text-xs text-slate-500">{h.cause}</p>
                </li>
              ))}
            </ol>
          )}
        </Card>
        <Card title="Stripe connection" description="The organisation's own Stripe account, as the portal last saw it. Keys and secrets are never shown here." className="lg:col-span-2">
          <div className="grid gap-4 md:grid-cols-2">
            {connections.map((c) => (
              <ConnectionHealthCard key={c.mode} c={c} />
            ))}
          </div>
        </Card>
      </div>
    </>
  );
}
