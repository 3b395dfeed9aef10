import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { OrderSummary } from "@/components/billing/order-summary";
import { PaymentsNotSetUp } from "@/components/billing/payments-not-set-up";
import { SubscribePanel } from "@/components/billing/subscribe-panel";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { can } from "@/lib/auth/permissions";
import { requireTenant } from "@/lib/auth/session";
import { viewerDateFormat } from "@/lib/viewer-date-format";
import { formatMoney } from "@/lib/money";
import { loadSubscribeContext } from "@/lib/subscriptions/subscribe-context";

export const metadata: Metadata = { title: "Subscribe" };

export default async function SubscribePage({ params }: { params: Promise<{ tenant: string; priceId: string }> }) {
  const { formatDate } = await viewerDateFormat();
  const { tenant: slug, priceId } = await params;
  const { tenant, user, role } = await requireTenant(slug, "subscriptions.subscribe");
  const ctx = await loadSubscribeContext(await getDb(), { tenantId: tenant.id, userId: user.id, priceId });
  if (ctx.kind === "no_price") notFound();
  const { price } = ctx;
  const each = `${formatMoney(price.amount, price.currency)} / ${price.interval ?? "month"}`;
  const trial = price.trialDays && price.trialEndsAt ? { days: price.trialDays, firstCharge: formatDate(price.trialEndsAt) } : null;
  return (
    <>
      <PageHeader title={`Subscribe to ${price.productName}`} description={`Become a member of ${tenant.name}. Renews automatically; cancel any time.`} />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.4fr)]">
        <OrderSummary
          title="Your plan"
          itemLabel="Plan"
          name={price.productName}
          nickname={price.nickname}
          amountLabel={trial ? "Due today" : "Price"}
          amount={trial ? formatMoney(0, price.currency) : each}
          amountTestId="plan-price"
          note={
            trial
              ? `${trial.days}-day free trial, then ${each} from ${trial.firstCharge} until you cancel. Cancel before then and you pay nothing.`
              : `Charged today, then every ${price.interval ?? "month"} until you cancel.`
          }
        />
        <Card title="Payment">
          {ctx.kind === "not_configured" ? (
            <PaymentsNotSetUp slug={tenant.slug} isAdmin={can(role, "settings.stripe.manage")} />
          ) : (
            <SubscribePanel
              slug={tenant.slug}
              priceId={price.priceId}
              publishableKey={ctx.publishableKey}
              payLabel={trial ? `Start free trial — then ${each}` : `Subscribe — ${each}`}
              savedCards={ctx.savedCards}
              trialDays={trial?.days ?? null}
            />
          )}
        </Card>
      </div>
    </>
  );
}
