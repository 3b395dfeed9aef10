import type { Metadata } from "next";
import { ConfirmSecretForm } from "@/components/billing/confirm-secret-form";
import { LinkButton } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { DomainError } from "@/lib/errors/domain-error";
import { requireTenant } from "@/lib/auth/session";
import { formatMoney } from "@/lib/money";
import { invoicePaymentSecret } from "@/lib/subscriptions/pay-invoice";
import { notFound } from "next/navigation";

export const metadata: Metadata = { title: "Pay invoice" };

export default async function PayInvoicePage({ params }: { params: Promise<{ tenant: string; invoiceId: string }> }) {
  const { tenant: slug, invoiceId } = await params;
  const { tenant, user, role } = await requireTenant(slug, "invoices.pay");
  if (!/^in_[A-Za-z0-9]+$/.test(invoiceId)) notFound();
  let payment: Awaited<ReturnType<typeof invoicePaymentSecret>> | null = null;
  let problem: string | null = null;
  try {
    payment = await invoicePaymentSecret(await getDb(), { tenantId: tenant.id, tenantSlug: tenant.slug, userId: user.id, role }, invoiceId);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.status === 404) notFound();
    problem = error.message;
  }
  return (
    <>
      <PageHeader title="Pay invoice" description={`Pay ${tenant.name} securely by card.`} />
      <Card title={payment ? `Amount due: ${formatMoney(payment.amountDue, payment.currency)}` : "Nothing to pay"} className="max-w-xl">
        {payment ? (
          <ConfirmSecretForm
            publishableKey={payment.publishableKey}
            clientSecret={payment.clientSecret}
            secretType="payment"
            payLabel={`Pay ${formatMoney(payment.amountDue, payment.currency)}`}
            returnPath={`/${tenant.slug}/billing/subscription?welcome=1`}
          />
        ) : (
          <div className="space-y-3 text-sm text-slate-700">
            <p role="status">{problem}</p>
            <LinkButton href={`/${tenant.slug}/billing/invoices`} variant="secondary">
              Back to invoices
            </LinkButton>
          </div>
        )}
      </Card>
    </>
  );
}
