import type { Metadata } from "next";
import { AddCardForm } from "@/components/billing/add-card-form";
import { BillingAddressForm } from "@/components/billing/billing-address-form";
import { PaymentsNotSetUp } from "@/components/billing/payments-not-set-up";
import { unavailableReason } from "@/lib/payments/online-payments";
import { SavedCardRow } from "@/components/billing/saved-card-row";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { can } from "@/lib/auth/permissions";
import { requireTenant } from "@/lib/auth/session";
import { loadPaymentMethods } from "@/lib/payment-methods/load-payment-methods";
import { saveBillingAddressAction } from "@/lib/tax/actions";
import { loadTaxAddress } from "@/lib/tax/checkout-tax";

export const metadata: Metadata = { title: "Payment methods" };

export default async function PaymentMethodsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const { tenant, user, role } = await requireTenant(slug, "payments.pay");
  const db = await getDb();
  const data = await loadPaymentMethods(db, { tenantId: tenant.id, userId: user.id });
  const unavailable = data.kind === "not_configured" ? await unavailableReason(db, { tenantId: tenant.id }) : null;
  // With Stripe Tax on, the member can keep the address they are taxed by up to date here too.
  const tax = data.kind === "not_configured" ? { enabled: false as const } : await loadTaxAddress(db, { tenantId: tenant.id, userId: user.id });
  return (
    <>
      <PageHeader title="Payment methods" description={`Cards saved with ${tenant.name} for faster checkout. Card details are held by Stripe, never by us.`} />
      {data.kind === "not_configured" ? (
        <Card>
          <PaymentsNotSetUp slug={tenant.slug} isAdmin={can(role, "settings.stripe.manage")} reason={unavailable ?? "not_set_up"} />
        </Card>
      ) : (
        <div className="space-y-6">
          <Card title="Saved cards" description={data.defaultUnknown ? "Stripe did not answer, so which card is the default is not shown right now." : "The default card is used for future invoices and subscriptions."}>
            {data.cards.length === 0 ? (
              <EmptyState title="No saved cards yet">Add a card below, or tick “Save this card for future payments” at checkout.</EmptyState>
            ) : (
              <ul className="divide-y divide-slate-100" aria-label="Saved cards">
                {data.cards.map((c) => (
                  <SavedCardRow key={c.id} slug={tenant.slug} card={c} defaultUnknown={data.defaultUnknown} />
                ))}
              </ul>
            )}
          </Card>
          <Card title="Add a card" description="Saved for later payments you start yourself; nothing is charged now.">
            <AddCardForm slug={tenant.slug} publishableKey={data.publishableKey} cardCount={data.cards.length} />
          </Card>
          {tax.enabled ? (
            <Card title="Billing address" description={`${tenant.name} adds tax by where you are billed. It applies to your next payments and renewals.`}>
              <BillingAddressForm action={saveBillingAddressAction.bind(null, { slug: tenant.slug })} address={tax.address} />
            </Card>
          ) : null}
        </div>
      )}
    </>
  );
}
