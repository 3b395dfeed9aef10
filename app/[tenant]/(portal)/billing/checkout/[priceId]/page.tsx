import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { EmbeddedCheckoutBox } from "@/components/billing/embedded-checkout-box";
import { PaymentsNotSetUp } from "@/components/billing/payments-not-set-up";
import { unavailableReason } from "@/lib/payments/online-payments";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { can } from "@/lib/auth/permissions";
import { requireTenant } from "@/lib/auth/session";
import { loadEmbeddedCheckout } from "@/lib/payments/checkout-context";

export const metadata: Metadata = { title: "Checkout" };

export default async function EmbeddedCheckoutPage({ params }: { params: Promise<{ tenant: string; priceId: string }> }) {
  const { tenant: slug, priceId } = await params;
  const { tenant, role } = await requireTenant(slug, "payments.pay");
  const db = await getDb();
  const checkout = await loadEmbeddedCheckout(db, { tenantId: tenant.id, priceId });
  const unavailable = checkout.kind === "not_configured" ? await unavailableReason(db, { tenantId: tenant.id }) : null;
  if (checkout.kind === "no_price") notFound();
  return (
    <>
      <PageHeader title="Checkout" description="Pay with Stripe Checkout." />
      <Card className="max-w-2xl">
        {checkout.kind === "ready" ? (
          <EmbeddedCheckoutBox slug={tenant.slug} priceId={checkout.price.id} publishableKey={checkout.publishableKey} />
        ) : (
          <PaymentsNotSetUp slug={tenant.slug} isAdmin={can(role, "settings.stripe.manage")} reason={unavailable ?? "not_set_up"} />
        )}
      </Card>
    </>
  );
}
