import type { Metadata } from "next";
import { getDb } from "@/db";
import { PaymentsNotSetUp } from "@/components/billing/payments-not-set-up";
import { LinkButton } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requireTenant } from "@/lib/auth/session";
import { PRODUCT_KIND_LABELS } from "@/lib/catalog/catalog-input";
import { priceLabel } from "@/lib/catalog/catalog-view";
import { loadOffersView, type Offer } from "@/lib/catalog/offers-view";
import { onlinePaymentsStatus } from "@/lib/payments/online-payments";

export const metadata: Metadata = { title: "Plans & pricing" };

export default async function BillingPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, role } = await requireTenant((await params).tenant);
  const db = await getDb();
  const [{ plans, items }, payments] = await Promise.all([loadOffersView(db, { tenantId: tenant.id }), onlinePaymentsStatus(db, { tenantId: tenant.id })]);
  // No pay buttons that would only fail: the notice above the offers says why.
  const canPay = payments === "ready";
  const section = (title: string, list: Offer[], empty: string) => (
    // aria-labelledby takes a space-separated list of ids, so the id must not contain spaces.
    <section aria-labelledby={`h-${title.replace(/\W+/g, "-")}`} className="space-y-3">
      <h2 id={`h-${title.replace(/\W+/g, "-")}`} className="text-lg font-semibold text-slate-900">
        {title}
      </h2>
      {list.length === 0 ? (
        <EmptyState title={empty} />
      ) : (
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {list.map((p) => (
            <Card key={p.id} title={p.name} description={PRODUCT_KIND_LABELS[p.kind]}>
              {p.description ? <p className="mb-3 text-sm text-slate-600">{p.description}</p> : null}
              <ul className="space-y-1">
                {p.prices.map((pr) => (
                  <li key={pr.id} className="text-base font-semibold text-slate-900" data-testid="offer-price">
                    {priceLabel(pr)}
                    {pr.credits ? <span className="ml-1 text-sm font-normal text-slate-500">· {pr.credits.toLocaleString("en-US")} credits</span> : null}
                    {canPay && p.kind === "membership_plan" && pr.type === "recurring" ? (
                      <LinkButton href={`/${tenant.slug}/billing/subscribe/${pr.id}`} className="ml-3 align-middle" data-testid="subscribe-link">
                        Subscribe
                      </LinkButton>
                    ) : null}
                    {canPay && pr.type === "one_time" ? (
                      <LinkButton href={`/${tenant.slug}/billing/pay/${pr.id}`} className="ml-3 align-middle" data-testid="buy-link">
                        Buy
                      </LinkButton>
                    ) : null}
                  </li>
                ))}
              </ul>
            </Card>
          ))}
        </div>
      )}
    </section>
  );
  return (
    <>
      <PageHeader title="Plans & pricing" description={`What ${tenant.name} offers. Prices include the currency they are charged in.`} />
      <div className="space-y-8">
        {payments === "ready" ? null : <PaymentsNotSetUp slug={tenant.slug} isAdmin={can(role, "settings.stripe.manage")} reason={payments} />}
        {section("Membership plans", plans, "No membership plans are on offer yet")}
        {section("Tickets and one-time items", items, "Nothing else is on offer yet")}
      </div>
    </>
  );
}
