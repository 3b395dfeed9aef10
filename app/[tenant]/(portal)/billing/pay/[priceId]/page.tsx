import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CheckoutForm } from "@/components/billing/checkout-form";
import { OrderSummary } from "@/components/billing/order-summary";
import { PaymentsNotSetUp } from "@/components/billing/payments-not-set-up";
import { unavailableReason } from "@/lib/payments/online-payments";
import { TaxAddressStep } from "@/components/billing/tax-address-summary";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { can } from "@/lib/auth/permissions";
import { requireTenant } from "@/lib/auth/session";
import { formatMoney } from "@/lib/money";
import { loadCheckout } from "@/lib/payments/checkout-context";
import { saveBillingAddressAction } from "@/lib/tax/actions";
import { loadCheckoutTax, type CheckoutTax } from "@/lib/tax/checkout-tax";
import { countryName } from "@/lib/tax/countries";

export const metadata: Metadata = { title: "Checkout" };

export default async function CheckoutPage({ params }: { params: Promise<{ tenant: string; priceId: string }> }) {
  const { tenant: slug, priceId } = await params;
  const { tenant, user, role } = await requireTenant(slug, "payments.pay");
  const db = await getDb();
  const checkout = await loadCheckout(db, {
    tenantId: tenant.id,
    userId: user.id,
    priceId,
  });
  const unavailable = checkout.kind === "not_configured" ? await unavailableReason(db, { tenantId: tenant.id }) : null;
  if (checkout.kind === "no_price") notFound();
  const { price } = checkout;
  // With Stripe Tax on, the server's calculation is what the member will be charged.
  const tax: CheckoutTax =
    checkout.kind === "ready"
      ? await loadCheckoutTax(db, {
          tenantId: tenant.id,
          userId: user.id,
          amount: price.amount,
          currency: price.currency,
          reference: price.priceId,
        })
      : { kind: "off" };
  const totalAmount = tax.kind === "quoted" ? tax.total : price.amount;
  const total = formatMoney(totalAmount, price.currency);
  const saveAddress = saveBillingAddressAction.bind(null, {
    slug: tenant.slug,
  });
  return (
    <>
      <PageHeader title="Checkout" description={`Pay ${tenant.name} securely by card.`} />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.4fr)]">
        <OrderSummary
          title="Order summary"
          itemLabel="Item"
          name={price.productName}
          nickname={price.nickname}
          description={price.description}
          amountLabel={tax.kind === "needs_address" ? "Price before tax" : "Total"}
          amount={total}
          amountTestId="order-total"
          note={
            tax.kind === "needs_address"
              ? "One-time payment. Tax is added by your billing address; enter it to see the total."
              : "One-time payment. You will see it in your payment history once Stripe confirms it."
          }
          breakdown={
            tax.kind === "quoted"
              ? [
                  {
                    label: "Subtotal",
                    amount: formatMoney(price.amount, price.currency),
                    testId: "order-subtotal",
                  },
                  {
                    label: `Tax (${countryName(tax.address.country)})`,
                    amount: formatMoney(tax.tax, price.currency),
                    testId: "order-tax",
                  },
                ]
              : undefined
          }
        />
        <Card title="Payment">
          {checkout.kind === "not_configured" ? (
            <PaymentsNotSetUp slug={tenant.slug} isAdmin={can(role, "settings.stripe.manage")} reason={unavailable ?? "not_set_up"} />
          ) : tax.kind === "needs_address" ? (
            <TaxAddressStep action={saveAddress} address={null} />
          ) : (
            <>
              {tax.kind === "quoted" ? <TaxAddressStep action={saveAddress} address={tax.address} /> : null}
              <CheckoutForm
                slug={tenant.slug}
                priceId={price.priceId}
                publishableKey={checkout.publishableKey}
                amount={totalAmount}
                currency={price.currency}
                payLabel={`Pay ${total}`}
                savedCards={checkout.savedCards}
              />
            </>
          )}
        </Card>
      </div>
    </>
  );
}
