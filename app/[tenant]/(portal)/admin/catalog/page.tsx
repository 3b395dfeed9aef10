import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { ActionForm } from "@/components/forms/action-form";
import { TextAreaField } from "@/components/forms/fields";
import { PriceFields } from "@/components/catalog/price-fields";
import { ProductFields } from "@/components/catalog/product-fields";
import { SyncAllButton } from "@/components/catalog/sync-all-button";
import { SyncBadge } from "@/components/catalog/sync-badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { TextField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { requireTenant } from "@/lib/auth/session";
import { PRODUCT_KIND_LABELS } from "@/lib/catalog/catalog-input";
import { loadCatalogView } from "@/lib/catalog/catalog-view";
import { loadProductListPage } from "@/lib/lists/sorted-lists";
import { ListPager, ListSortControls } from "@/components/ui/list-controls";
import { saveTopUpSettingsAction } from "@/lib/billing-settings/actions";
import { loadBillingSettings } from "@/lib/billing-settings/billing-settings";
import { TopUpSettingsForm } from "@/components/admin/top-up-settings-form";
import { viewerDateFormat } from "@/lib/viewer-date-format";
import { createEntitlementSetAction, createProductAction, syncProductAction } from "./actions";

export const metadata: Metadata = { title: "Catalog" };

export default async function CatalogPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { formatDateTime } = await viewerDateFormat();
  const { tenant } = await requireTenant((await params).tenant, "catalog.manage");
  const db = await getDb();
  const { rows: page, links } = await loadProductListPage(db, { tenantId: tenant.id, base: `/${tenant.slug}/admin/catalog`, params: await searchParams });
  const [view, billing] = await Promise.all([loadCatalogView(db, { tenantId: tenant.id, page }), loadBillingSettings(db, { tenantId: tenant.id })]);
  const settingsHref = `/${tenant.slug}/settings/integrations/stripe`;
  return (
    <>
      <PageHeader
        title="Catalog"
        description={`Products, prices and entitlement sets. MemberPulse is the source of truth; changes sync to Stripe in ${view.mode} mode.`}
        actions={
          <Link href={`/${tenant.slug}/admin/catalog/coupons`} className="text-sm font-medium text-brand-600 hover:underline">
            Coupons and promotion codes →
          </Link>
        }
      />
      <div className="space-y-6">
        <Card title="Products" actions={<SyncAllButton productIds={view.needsSync} slug={tenant.slug} sync={syncProductAction} />}>
          <ListSortControls noun="products" {...links} />
          {view.products.length === 0 && links.firstHref ? (
            <EmptyState title="No more products">This page is past the last product.</EmptyState>
          ) : view.products.length === 0 ? (
            <EmptyState title="No products yet">Create a membership plan or an event ticket below; it syncs to Stripe when you save.</EmptyState>
          ) : (
            <ul className="divide-y divide-slate-100">
              {view.products.map((p) => (
                <li key={p.id} className="py-4 first:pt-0 last:pb-0" data-testid="catalog-product">
                  <div className="flex flex-wrap items-start justify-between gap-3">
                    <div className="min-w-0">
                      <Link href={`/${tenant.slug}/admin/catalog/${p.id}`} className="font-semibold text-slate-900 hover:text-brand-600 hover:underline">
                        {p.name}
                      </Link>
                      <p className="text-xs text-slate-500">
                        {PRODUCT_KIND_LABELS[p.kind]}
                        {p.active ? "" : " · Inactive"}
                        {p.entitlementSets.length ? ` · Gives: ${p.entitlementSets.map((s) => s.name).join(", ")}` : ""}
                      </p>
                    </div>
                    <div className="flex flex-wrap items-start gap-3">
                      <SyncBadge sync={p.sync} dashboardUrl={p.dashboardUrl} settingsHref={settingsHref} />
                      {p.sync.status === "error" || p.sync.status === "pending" ? (
                        <ActionForm action={syncProductAction.bind(null, { slug: tenant.slug, productId: p.id })} submitLabel="Retry" pendingLabel="Retrying…" variant="secondary" />
                      ) : null}
                    </div>
                  </div>
                  <ul className="mt-2 space-y-2">
                    {p.prices
                      .filter((pr) => pr.active)
                      .map((pr) => (
                        <li key={pr.id} data-testid="catalog-price" className="flex flex-wrap items-start justify-between gap-2 rounded-md bg-slate-50 px-3 py-2">
                          <span className="text-sm font-medium text-slate-800">
                            {pr.label}
                            {pr.trialDays ? <span className="ml-2 text-xs font-normal text-slate-500">{pr.trialDays}-day free trial</span> : null}
                          </span>
                          <SyncBadge sync={pr.sync} dashboardUrl={pr.dashboardUrl} settingsHref={settingsHref} />
                        </li>
                      ))}
                    {p.prices.some((pr) => !pr.active) ? (
                      <li className="text-xs text-slate-500">{p.prices.filter((pr) => !pr.active).length} archived price version(s) — see the product page.</li>
                    ) : null}
                  </ul>
                </li>
              ))}
            </ul>
          )}
          <ListPager noun="products" firstHref={links.firstHref} nextHref={links.nextHref} shown={view.products.length} />
        </Card>

        <Card title="New product" description="The first price is created with it; add more prices on the product page.">
          <ActionForm action={createProductAction.bind(null, { slug: tenant.slug })} submitLabel="Create product" pendingLabel="Creating and syncing…" className="space-y-4" testId="new-product-form">
            <ProductFields sets={view.entitlementSets} />
            <PriceFields idPrefix="new" showCredits />
          </ActionForm>
        </Card>

        <Card title="Entitlement sets" description="Named sets of feature keys. Products and admin grants confer them.">
          {view.entitlementSets.length ? (
            <ul className="mb-4 divide-y divide-slate-100 text-sm">
              {view.entitlementSets.map((s) => (
                <li key={s.id} className="flex flex-wrap justify-between gap-2 py-2">
                  <span className="font-medium text-slate-800">{s.name}</span>
                  <span className="font-mono text-xs text-slate-500">{s.featureKeys.join(", ")}</span>
                </li>
              ))}
            </ul>
          ) : null}
          <ActionForm action={createEntitlementSetAction.bind(null, { slug: tenant.slug })} submitLabel="Add entitlement set" pendingLabel="Adding…" variant="secondary" className="space-y-3">
            <div className="grid gap-3 sm:grid-cols-2">
              <TextField label="Name" name="name" id="set-name" placeholder="Member area" required />
              <TextAreaField label="Feature keys" name="featureKeys" rows={1} hint="Comma-separated, e.g. member-area, recordings" />
            </div>
            <input type="hidden" name="description" value="" />
          </ActionForm>
        </Card>

        <Card title="Credit top-ups" description="Besides the credit packages, members can buy credits for an amount they choose (1 credit per cent), within your bounds.">
          <TopUpSettingsForm action={saveTopUpSettingsAction.bind(null, { slug: tenant.slug })} settings={billing} />
        </Card>

        <Card title="Stripe objects not managed by MemberPulse" description={`Products and prices created directly in Stripe (${view.mode} mode). They are not imported; recreate them here to sell them.`}>
          {view.unmanaged.length === 0 ? (
            <p className="text-sm text-slate-500">None seen. Drift appears here when someone creates products in the Stripe Dashboard.</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {view.unmanaged.map((u) => (
                <li key={u.id} className="flex flex-wrap justify-between gap-2 py-2">
                  <span>
                    <span className="font-medium text-slate-800">{u.label ?? u.stripeId}</span> <span className="text-xs text-slate-500">({u.objectKind}, {u.active})</span>
                  </span>
                  <span className="text-xs text-slate-500">
                    <span className="font-mono">{u.stripeId}</span> · seen {formatDateTime(u.lastSeenAt)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
