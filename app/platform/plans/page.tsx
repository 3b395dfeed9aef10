import type { Metadata } from "next";
import { getDb } from "@/db";
import { ActionForm } from "@/components/forms/action-form";
import { PlanFields } from "@/components/platform-billing/plan-fields";
import { Card } from "@/components/ui/card";
import { CardCell, CardRow, CardTable } from "@/components/ui/card-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { viewerDateFormat } from "@/lib/viewer-date-format";
import { formatMoney, minorToInput } from "@/lib/money";
import { loadPlatformPlans } from "@/lib/platform-billing/plans";
import { requirePlatformAdmin } from "@/lib/platform/require-operator";
import { createPlatformPlanAction, editPlatformPlanAction, setPlatformPlanActiveAction, syncPlatformPlanAction } from "./actions";

export const metadata: Metadata = { title: "Platform plans" };

const SYNC_TONE = { synced: "bg-emerald-50 text-emerald-800 ring-emerald-200", pending: "bg-sky-50 text-sky-800 ring-sky-200", error: "bg-red-50 text-red-800 ring-red-200" } as const;
const COLUMNS = ["Plan", "Price", "Stripe", "Offered"] as const;

export default async function PlatformPlansPage() {
  const { formatDateTime } = await viewerDateFormat();
  await requirePlatformAdmin();
  const { plans, platformMode, configured, webhookConfigured } = await loadPlatformPlans(await getDb());
  return (
    <>
      <PageHeader
        title="Platform plans"
        description="What organisations pay MemberPulse each month. Plans sync to the platform's own Stripe account (the STRIPE_* environment keys), never to an organisation's."
      />
      {!configured || !webhookConfigured ? (
        <p role="status" className="mb-4 rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-950 ring-1 ring-amber-300">
          {!configured
            ? "STRIPE_SECRET_KEY is not set: plans are saved but cannot sync, and organisations cannot subscribe."
            : "STRIPE_PLATFORM_WEBHOOK_SECRET is not set: organisations can pay, but their status will not change until the platform webhook endpoint is configured."}
        </p>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Card title="Plans" description={platformMode ? `Synced in ${platformMode} mode.` : undefined}>
          {plans.length === 0 ? (
            <EmptyState title="No plans yet">Create the first plan; organisations choose one on their Billing page.</EmptyState>
          ) : (
            <CardTable columns={COLUMNS} testId="platform-plans">
              {plans.map((p) => (
                <CardRow key={p.id} testId="platform-plan-row">
                  <CardCell label="Plan">
                    <p className="font-medium text-slate-900">{p.name}</p>
                    <details className="mt-1 text-sm">
                      <summary className="cursor-pointer text-brand-600">Edit</summary>
                      <ActionForm action={editPlatformPlanAction.bind(null, { planId: p.id })} submitLabel="Save and sync" pendingLabel="Saving…" className="mt-2 space-y-3">
                        <PlanFields defaults={{ name: p.name, amount: minorToInput(p.amount, p.currency), currency: p.currency, trialDays: p.trialDays ? String(p.trialDays) : "" }} />
                      </ActionForm>
                    </details>
                  </CardCell>
                  <CardCell label="Price" className="tabular-nums">
                    {formatMoney(p.amount, p.currency)}/month
                    <span className="block text-xs text-slate-500">{p.trialDays ? `${p.trialDays}-day free trial` : "No trial"}</span>
                  </CardCell>
                  <CardCell label="Stripe">
                    <span data-testid="plan-sync" className={`inline-flex rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${SYNC_TONE[p.syncStatus]}`}>
                      {p.syncStatus === "synced" ? "Synced" : p.syncStatus === "pending" ? "Pending" : "Error"}
                    </span>
                    {p.syncedAt ? <span className="block text-xs text-slate-500">{formatDateTime(p.syncedAt)}</span> : null}
                    {p.syncError ? <span className="block break-words text-xs text-red-700">{p.syncError}</span> : null}
                    {p.syncStatus !== "synced" ? (
                      <ActionForm action={syncPlatformPlanAction.bind(null, { planId: p.id })} submitLabel="Sync now" pendingLabel="Syncing…" variant="secondary" className="mt-1" />
                    ) : null}
                  </CardCell>
                  <CardCell label="Offered">
                    <p className="text-sm text-slate-700">{p.active ? "Yes" : "Retired"}</p>
                    <ActionForm
                      action={setPlatformPlanActiveAction.bind(null, { planId: p.id, active: !p.active })}
                      submitLabel={p.active ? "Retire" : "Offer again"}
                      pendingLabel="Saving…"
                      variant="secondary"
                      className="mt-1"
                    />
                  </CardCell>
                </CardRow>
              ))}
            </CardTable>
          )}
        </Card>
        <Card title="New plan" description="Billed monthly. A trial starts the subscription without a charge.">
          <ActionForm action={createPlatformPlanAction.bind(null, {})} submitLabel="Create plan" pendingLabel="Creating…" className="space-y-4" testId="new-plan-form">
            <PlanFields />
          </ActionForm>
        </Card>
      </div>
    </>
  );
}
