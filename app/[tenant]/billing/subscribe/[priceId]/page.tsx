import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PaymentsNotSetUp } from "@/components/billing/payments-not-set-up";
import { SubscribePanel } from "@/components/billing/subscribe-panel";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { can } from "@/lib/auth/permissions";
import { requireTenant } from "@/lib/auth/session";
import { formatMoney } from "@/lib/money";
import { loadSubscribeContext } from "@/lib/subscriptions/subscribe-context";

export const metadata: Metadata = { title: "Subscribe" };

export default async function SubscribePage({ params }: { params: Promise<{ tenant: string; priceId: string }> }) {
  const { tenant: slug, priceId } = await params;
  const { tenant, role } = await requireTenant(slug, "subscriptions.subscribe");
  const ctx = await loadSubscribeContext(await getDb(), { tenantId: tenant.id, priceId });
  if (ctx.kind === "no_price") notFound();
  const { price } = ctx;
  const each = `${formatMoney(price.amount, price.currency)} / ${price.interval ?? "month"}`;
  return (
    <>
      <PageHeader title={`Subscribe to ${price.productName}`} description={`Become a member of ${tenant.name}. Renews automatically; cancel any time.`} />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.4fr)]">
        <Card title="Your plan">
          <dl className="space-y-3 text-sm">
            <div>
              <dt className="sr-only">Plan</dt>
              <dd className="font-medium text-slate-900">{price.productName}</dd>
              {price.nickname ? <dd className="text-slate-600">{price.nickname}</dd> : null}
            </div>
            <div className="flex items-baseline justify-between border-t border-slate-100 pt-3">
              <dt className="text-slate-600">Price</dt>
              <dd className="text-lg font-semibold text-slate-900" data-testid="plan-price">
                {each}
              </dd>
            </div>
            <p className="text-xs text-slate-500">Charged today, then every {price.interval ?? "month"} until you cancel.</p>
          </dl>
        </Card>
        <Card title="Payment">
          {ctx.kind === "not_configured" ? (
            <PaymentsNotSetUp slug={tenant.slug} isAdmin={can(role, "settings.stripe.manage")} />
          ) : (
            <SubscribePanel slug={tenant.slug} priceId={price.priceId} publishableKey={ctx.publishableKey} payLabel={`Subscribe — ${each}`} />
          )}
        </Card>
      </div>
    </>
  );
}
