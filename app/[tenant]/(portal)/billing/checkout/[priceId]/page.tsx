import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { EmbeddedCheckoutBox } from "@/components/billing/embedded-checkout-box";
import { PaymentsNotSetUp } from "@/components/billing/payments-not-set-up";
import { unavailableReason } from "@/lib/payments/online-payments";
import { TaxAddressStep } from "@/components/billing/tax-address-summary";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { can } from "@/lib/auth/permissions";
import { requireTenant } from "@/lib/auth/session";
import { loadEmbeddedCheckout } from "@/lib/payments/checkout-context";
import { saveBillingAddressAction } from "@/lib/tax/actions";
import { loadTaxAddress } from "@/lib/tax/checkout-tax";

export const metadata: Metadata = { title: "Checkout" };

export default async function EmbeddedCheckoutPage({ params }: { params: Promise<{ tenant: string; priceId: string }> }) {
  const { tenant: slug, priceId } = await params;
  const { tenant, user, role } = await requireTenant(slug, "payments.pay");
  const db = await getDb();
  const checkout = await loadEmbeddedCheckout(db, { tenantId: tenant.id, priceId });
  const unavailable = checkout.kind === "not_configured" ? await unavailableReason(db, { tenantId: tenant.id }) : null;
  if (checkout.kind === "no_price") notFound();
  // Stripe's page shows the tax itself; with tax on it needs the member's address first.
  const tax = checkout.kind === "ready" ? await loadTaxAddress(db, { tenantId: tenant.id, userId: user.id }) : { enabled: false as const };
  return (
    <>
      <PageHeader title="Checkout" description="Pay with Stripe Checkout." />
      <Card className="max-w-2xl">
        {checkout.kind === "ready" && tax.enabled && !tax.address ? (
          <TaxAddressStep action={saveBillingAddressAction.bind(null, { slug: tenant.slug })} address={null} />
        ) : checkout.kind === "ready" ? (
          <EmbeddedCheckoutBox slug={tenant.slug} priceId={checkout.price.id} publishableKey={checkout.publishableKey} />
        ) : (
          <PaymentsNotSetUp slug={tenant.slug} isAdmin={can(role, "settings.stripe.manage")} reason={unavailable ?? "not_set_up"} />
        )}
      </Card>
    </>
  );
}
