import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db";
import { ActionForm } from "@/components/forms/action-form";
import { TextField } from "@/components/ui/field";
import { PriceFields } from "@/components/catalog/price-fields";
import { ProductFields } from "@/components/catalog/product-fields";
import { SyncBadge } from "@/components/catalog/sync-badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireTenant } from "@/lib/auth/session";
import { loadCatalogView } from "@/lib/catalog/catalog-view";
import { viewerDateFormat } from "@/lib/viewer-date-format";
import { minorToInput } from "@/lib/money";
import { addPriceAction, archivePriceAction, changePriceAction, editProductAction, setActiveAction, setTrialDaysAction, syncProductAction } from "../actions";

export const metadata: Metadata = { title: "Product" };

export default async function ProductPage({ params }: { params: Promise<{ tenant: string; productId: string }> }) {
  const { formatDateTime } = await viewerDateFormat();
  const { tenant: slug, productId } = await params;
  const { tenant } = await requireTenant(slug, "catalog.manage");
  const view = await loadCatalogView(await getDb(), { tenantId: tenant.id });
  const p = view.products.find((x) => x.id === productId);
  if (!p) notFound();
  const settingsHref = `/${tenant.slug}/settings/integrations/stripe`;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={`/${tenant.slug}/admin/catalog`} className="font-medium text-brand-600 hover:underline">
          ← Catalog
        </Link>
      </p>
      <PageHeader title={p.name} description={p.active ? "Active product" : "Inactive: hidden from members and archived in Stripe."} />
      <div className="space-y-6">
        <Card
          title="Product"
          actions={
            <div className="flex flex-wrap items-start gap-3">
              <SyncBadge sync={p.sync} dashboardUrl={p.dashboardUrl} settingsHref={settingsHref} />
              {p.sync.status !== "synced" ? <ActionForm action={syncProductAction.bind(null, { slug: tenant.slug, productId: p.id })} submitLabel={p.sync.status === "not_mapped" ? "Sync now" : "Retry"} pendingLabel="Syncing…" variant="secondary" /> : null}
            </div>
          }
        >
          <ActionForm action={editProductAction.bind(null, { slug: tenant.slug, productId: p.id })} submitLabel="Save product" pendingLabel="Saving and syncing…" className="space-y-4">
            <ProductFields sets={view.entitlementSets} defaults={{ kind: p.kind, name: p.name, description: p.description, setIds: p.entitlementSets.map((s) => s.id) }} />
          </ActionForm>
          <div className="mt-4 border-t border-slate-100 pt-4">
            <ActionForm
              action={setActiveAction.bind(null, { slug: tenant.slug, productId: p.id, active: !p.active })}
              submitLabel={p.active ? "Deactivate product" : "Reactivate product"}
              pendingLabel="Saving…"
              variant={p.active ? "danger" : "secondary"}
              confirm={
                p.active
                  ? {
                      title: `Deactivate ${p.name}?`,
                      body: "It is archived in Stripe and can no longer be bought or subscribed to. Existing subscriptions and past payments are not touched; you can reactivate it later.",
                      confirmLabel: "Yes, deactivate",
                    }
                  : undefined
              }
            />
          </div>
        </Card>

        <Card title="Prices" description="Stripe prices never change: a new amount, currency or billing period creates a new price and archives the old one.">
          <ul className="space-y-4">
            {p.prices.map((pr) => (
              <li key={pr.id} className={`rounded-lg p-3 ring-1 ${pr.active ? "ring-slate-200" : "bg-slate-50 ring-slate-100"}`} data-testid="price-version">
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <div>
                    <p className="font-medium text-slate-900">
                      {pr.label} {pr.active ? null : <span className="ml-1 rounded bg-slate-200 px-1.5 py-0.5 text-xs text-slate-700">Archived</span>}
                    </p>
                    <p className="text-xs text-slate-500">
                      Created {formatDateTime(pr.createdAt)}
                      {pr.credits ? ` · ${pr.credits.toLocaleString("en-US")} credits` : ""}
                      {pr.trialDays ? ` · ${pr.trialDays}-day free trial` : ""}
                    </p>
                  </div>
                  <SyncBadge sync={pr.sync} dashboardUrl={pr.dashboardUrl} settingsHref={settingsHref} />
                </div>
                {pr.active && pr.type === "recurring" ? (
                  <ActionForm
                    action={setTrialDaysAction.bind(null, { slug: tenant.slug, priceId: pr.id })}
                    submitLabel="Save trial"
                    pendingLabel="Saving…"
                    variant="secondary"
                    className="mt-3 flex flex-wrap items-end gap-3"
                    testId="trial-days-form"
                  >
                    <TextField
                      id={`trial-${pr.id}`}
                      label="Free trial (days)"
                      name="trialDays"
                      type="number"
                      min={0}
                      max={730}
                      placeholder="0"
                      defaultValue={pr.trialDays ? String(pr.trialDays) : ""}
                      hint="New subscriptions start free and collect a card; the first charge is when the trial ends."
                    />
                  </ActionForm>
                ) : null}
                {pr.active ? (
                  <details className="mt-3">
                    <summary className="cursor-pointer text-sm font-medium text-brand-600">Change price</summary>
                    <ActionForm action={changePriceAction.bind(null, { slug: tenant.slug, priceId: pr.id })} submitLabel="Create new price" pendingLabel="Creating…" className="mt-3 space-y-3" testId="change-price-form">
                      <PriceFields
                        idPrefix={`change-${pr.id}`}
                        defaults={{
                          amount: minorToInput(pr.amount, pr.currency),
                          currency: pr.currency,
                          billing: pr.interval ?? "one_time",
                          intervalCount: String(pr.intervalCount ?? 1),
                          trialDays: pr.trialDays ? String(pr.trialDays) : "",
                        }}
                        showCredits={p.kind === "credit_package"}
                      />
                    </ActionForm>
                    <ActionForm action={archivePriceAction.bind(null, { slug: tenant.slug, priceId: pr.id })} submitLabel="Archive this price" pendingLabel="Archiving…" variant="ghost" className="mt-2" />
                  </details>
                ) : null}
              </li>
            ))}
          </ul>
          <details className="mt-4">
            <summary className="cursor-pointer text-sm font-medium text-brand-600">Add another price</summary>
            <ActionForm action={addPriceAction.bind(null, { slug: tenant.slug, productId: p.id })} submitLabel="Add price" pendingLabel="Adding…" className="mt-3 space-y-3">
              <PriceFields idPrefix="add" showCredits={p.kind === "credit_package"} />
            </ActionForm>
          </details>
        </Card>
      </div>
    </>
  );
}
