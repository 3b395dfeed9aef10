import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PromotionProvider } from "@/components/billing/promotion-context";
import { PaymentsNotSetUp } from "@/components/billing/payments-not-set-up";
import { unavailableReason } from "@/lib/payments/online-payments";
import { SubscribePanel } from "@/components/billing/subscribe-panel";
import { SubscribeSummary } from "@/components/billing/subscribe-summary";
import { TaxAddressStep } from "@/components/billing/tax-address-summary";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { can } from "@/lib/auth/permissions";
import { requireTenant } from "@/lib/auth/session";
import { viewerDateFormat } from "@/lib/viewer-date-format";
import { formatMoney } from "@/lib/money";
import { loadSubscribeContext } from "@/lib/subscriptions/subscribe-context";
import { saveBillingAddressAction } from "@/lib/tax/actions";
import { loadCheckoutTax, type CheckoutTax } from "@/lib/tax/checkout-tax";
import { countryName } from "@/lib/tax/countries";

export const metadata: Metadata = { title: "Subscribe" };

export default async function SubscribePage({ params }: { params: Promise<{ tenant: string; priceId: string }> }) {
  const { formatDate } = await viewerDateFormat();
  const { tenant: slug, priceId } = await params;
  const { tenant, user, role } = await requireTenant(slug, "subscriptions.subscribe");
  const db = await getDb();
  const ctx = await loadSubscribeContext(db, { tenantId: tenant.id, userId: user.id, priceId });
  const unavailable = ctx.kind === "not_configured" ? await unavailableReason(db, { tenantId: tenant.id }) : null;
  if (ctx.kind === "no_price") notFound();
  const { price } = ctx;
  // With Stripe Tax on, each charge is the price plus the tax Stripe calculates at the member's address.
  const tax: CheckoutTax =
    ctx.kind === "ok"
      ? await loadCheckoutTax(db, { tenantId: tenant.id, userId: user.id, amount: price.amount, currency: price.currency, reference: price.priceId })
      : { kind: "off" };
  const perCharge = tax.kind === "quoted" ? tax.total : price.amount;
  const each = `${formatMoney(perCharge, price.currency)} / ${price.interval ?? "month"}`;
  const trial = price.trialDays && price.trialEndsAt ? { days: price.trialDays, firstCharge: formatDate(price.trialEndsAt) } : null;
  const saveAddress = saveBillingAddressAction.bind(null, { slug: tenant.slug });
  return (
    <>
      <PageHeader title={`Subscribe to ${price.productName}`} description={`Become a member of ${tenant.name}. Renews automatically; cancel any time.`} />
      <PromotionProvider>
        <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.4fr)]">
          <SubscribeSummary
            trial={trial !== null}
            interval={price.interval ?? "month"}
            title="Your plan"
            itemLabel="Plan"
            name={price.productName}
            nickname={price.nickname}
            amountLabel={trial ? "Due today" : tax.kind === "quoted" ? "Due today" : "Price"}
            amount={trial ? formatMoney(0, price.currency) : tax.kind === "quoted" ? formatMoney(tax.total, price.currency) : each}
            amountTestId="plan-price"
            breakdown={
              tax.kind === "quoted" && !trial
                ? [
                    { label: `Price per ${price.interval ?? "month"}`, amount: formatMoney(price.amount, price.currency), testId: "order-subtotal" },
                    { label: `Tax (${countryName(tax.address.country)})`, amount: formatMoney(tax.tax, price.currency), testId: "order-tax" },
                  ]
                : undefined
            }
            note={
              trial
                ? `${trial.days}-day free trial, then ${each} from ${trial.firstCharge} until you cancel. Cancel before then and you pay nothing.`
                : tax.kind === "needs_address"
                  ? `Renews every ${price.interval ?? "month"} until you cancel. Tax is added by your billing address; enter it to see the total.`
                  : `Charged today, then every ${price.interval ?? "month"} until you cancel.`
            }
          />
          <Card title="Payment">
            {ctx.kind === "not_configured" ? (
              <PaymentsNotSetUp slug={tenant.slug} isAdmin={can(role, "settings.stripe.manage")} reason={unavailable ?? "not_set_up"} />
            ) : tax.kind === "needs_address" ? (
              <TaxAddressStep action={saveAddress} address={null} />
            ) : (
              <>
                {tax.kind === "quoted" ? <TaxAddressStep action={saveAddress} address={tax.address} /> : null}
                <SubscribePanel
                  slug={tenant.slug}
                  priceId={price.priceId}
                  publishableKey={ctx.publishableKey}
                  payLabel={trial ? `Start free trial — then ${each}` : `Subscribe — ${each}`}
                  savedCards={ctx.savedCards}
                  trialDays={trial?.days ?? null}
                />
              </>
            )}
          </Card>
        </div>
      </PromotionProvider>
    </>
  );
}
