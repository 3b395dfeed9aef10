import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ConfirmSecretForm } from "@/components/billing/confirm-secret-form";
import { LinkButton } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { requireTenant } from "@/lib/auth/session";
import { tenantActor } from "@/lib/auth/tenant-actor";
import { DomainError } from "@/lib/errors/domain-error";
import { formatMoney } from "@/lib/money";
import { billingPath, platformInvoicePaymentSecret } from "@/lib/platform-billing/portal-billing";

export const metadata: Metadata = { title: "Pay MemberPulse invoice" };

export default async function PayPlatformInvoicePage({ params }: { params: Promise<{ tenant: string; invoiceId: string }> }) {
  const { tenant: slug, invoiceId } = await params;
  const { tenant, user, role } = await requireTenant(slug, "platform_billing.manage");
  if (!/^in_[A-Za-z0-9]+$/.test(invoiceId)) notFound();
  let payment: Awaited<ReturnType<typeof platformInvoicePaymentSecret>> | null = null;
  let problem: string | null = null;
  try {
    payment = await platformInvoicePaymentSecret(await getDb(), tenantActor(tenant, user.id, role), { invoiceId });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.status === 404) notFound();
    problem = error.message;
  }
  const back = billingPath(tenant.slug);
  return (
    <>
      <PageHeader title={payment?.number ? `Pay invoice ${payment.number}` : "Pay invoice"} description="Pay MemberPulse for this portal by card." />
      <Card className="max-w-xl">
        {payment && payment.publishableKey ? (
          <div className="space-y-4">
            <p className="text-sm text-slate-700">
              Amount due: <span className="text-lg font-semibold text-slate-900">{formatMoney(payment.amountDue, payment.currency)}</span>
            </p>
            <ConfirmSecretForm publishableKey={payment.publishableKey} clientSecret={payment.clientSecret} secretType="payment" payLabel={`Pay ${formatMoney(payment.amountDue, payment.currency)}`} returnPath={`${back}?paid=${invoiceId}`} />
          </div>
        ) : (
          <div className="space-y-3 text-sm text-slate-700">
            <p role="status">{problem ?? "This invoice cannot be paid here."}</p>
            <LinkButton href={back} variant="secondary">
              Back to billing
            </LinkButton>
          </div>
        )}
      </Card>
    </>
  );
}
