import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CheckoutForm } from "@/components/billing/checkout-form";
import { OrderSummary } from "@/components/billing/order-summary";
import { PaymentsNotSetUp } from "@/components/billing/payments-not-set-up";
import { unavailableReason } from "@/lib/payments/online-payments";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { can } from "@/lib/auth/permissions";
import { requireTenant } from "@/lib/auth/session";
import { formatMoney } from "@/lib/money";
import { loadCheckout } from "@/lib/payments/checkout-context";

export const metadata: Metadata = { title: "Checkout" };

export default async function CheckoutPage({ params }: { params: Promise<{ tenant: string; priceId: string }> }) {
  const { tenant: slug, priceId } = await params;
  const { tenant, user, role } = await requireTenant(slug, "payments.pay");
  const db = await getDb();
  const checkout = await loadCheckout(db, { tenantId: tenant.id, userId: user.id, priceId });
  const unavailable = checkout.kind === "not_configured" ? await unavailableReason(db, { tenantId: tenant.id }) : null;
  if (checkout.kind === "no_price") notFound();
  const { price } = checkout;
  const total = formatMoney(price.amount, price.currency);
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
          amountLabel="Total"
          amount={total}
          amountTestId="order-total"
          note="One-time payment. You will see it in your payment history once Stripe confirms it."
        />
        <Card title="Payment">
          {checkout.kind === "not_configured" ? (
            <PaymentsNotSetUp slug={tenant.slug} isAdmin={can(role, "settings.stripe.manage")} reason={unavailable ?? "not_set_up"} />
          ) : (
            <CheckoutForm
              slug={tenant.slug}
              priceId={price.priceId}
              publishableKey={checkout.publishableKey}
              amount={price.amount}
              currency={price.currency}
              payLabel={`Pay ${total}`}
              savedCards={checkout.savedCards}
            />
          )}
        </Card>
      </div>
    </>
  );
}
