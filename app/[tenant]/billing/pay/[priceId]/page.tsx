import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CheckoutForm } from "@/components/billing/checkout-form";
import { PaymentsNotSetUp } from "@/components/billing/payments-not-set-up";
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
  const checkout = await loadCheckout(await getDb(), { tenantId: tenant.id, userId: user.id, priceId });
  if (checkout.kind === "no_price") notFound();
  const { price } = checkout;
  const total = formatMoney(price.amount, price.currency);
  return (
    <>
      <PageHeader title="Checkout" description={`Pay ${tenant.name} securely by card.`} />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.4fr)]">
        <Card title="Order summary">
          <dl className="space-y-3 text-sm">
            <div>
              <dt className="sr-only">Item</dt>
              <dd className="font-medium text-slate-900">{price.productName}</dd>
              {price.nickname ? <dd className="text-slate-600">{price.nickname}</dd> : null}
              {price.description ? <dd className="mt-1 text-slate-600">{price.description}</dd> : null}
            </div>
            <div className="flex items-baseline justify-between border-t border-slate-100 pt-3">
              <dt className="text-slate-600">Total</dt>
              <dd className="text-lg font-semibold text-slate-900" data-testid="order-total">
                {total}
              </dd>
            </div>
            <p className="text-xs text-slate-500">One-time payment. You will see it in your payment history once Stripe confirms it.</p>
          </dl>
        </Card>
        <Card title="Payment">
          {checkout.kind === "not_configured" ? (
            <PaymentsNotSetUp slug={tenant.slug} isAdmin={can(role, "settings.stripe.manage")} />
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
