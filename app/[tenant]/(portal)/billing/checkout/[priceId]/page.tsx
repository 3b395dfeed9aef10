import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { EmbeddedCheckoutBox } from "@/components/billing/embedded-checkout-box";
import { PaymentsNotSetUp } from "@/components/billing/payments-not-set-up";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { getPrice } from "@/db/queries/catalog-products";
import { can } from "@/lib/auth/permissions";
import { requireTenant } from "@/lib/auth/session";
import { resolveStripe, StripeNotConfiguredError } from "@/lib/stripe/resolve";

export const metadata: Metadata = { title: "Checkout" };

export default async function EmbeddedCheckoutPage({ params }: { params: Promise<{ tenant: string; priceId: string }> }) {
  const { tenant: slug, priceId } = await params;
  const { tenant, role } = await requireTenant(slug, "payments.pay");
  if (!/^[0-9a-f-]{36}$/i.test(priceId)) notFound();
  const db = await getDb();
  const price = await getPrice(db, { tenantId: tenant.id, priceId });
  if (!price || !price.active) notFound();
  let publishableKey: string | null = null;
  try {
    publishableKey = (await resolveStripe(db, { tenantId: tenant.id })).publishableKey;
  } catch (error) {
    if (!(error instanceof StripeNotConfiguredError)) throw error;
  }
  return (
    <>
      <PageHeader title="Checkout" description="Pay with Stripe Checkout." />
      <Card className="max-w-2xl">
        {publishableKey ? <EmbeddedCheckoutBox slug={tenant.slug} priceId={price.id} publishableKey={publishableKey} /> : <PaymentsNotSetUp slug={tenant.slug} isAdmin={can(role, "settings.stripe.manage")} />}
      </Card>
    </>
  );
}
