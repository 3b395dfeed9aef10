import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CardChoiceForm } from "@/components/billing/card-choice-form";
import { PaymentsNotSetUp } from "@/components/billing/payments-not-set-up";
import { LinkButton } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { DomainError } from "@/lib/errors/domain-error";
import { can } from "@/lib/auth/permissions";
import { unavailableReason } from "@/lib/payments/online-payments";
import { StripeNotConfiguredError } from "@/lib/stripe/errors";
import { requireTenant } from "@/lib/auth/session";
import { viewerDateFormat } from "@/lib/viewer-date-format";
import { formatMoney } from "@/lib/money";
import { payInvoiceWithSavedCardAction } from "@/lib/subscriptions/saved-card-actions";
import { invoicePaidPath, invoicePaymentSecret } from "@/lib/subscriptions/pay-invoice";

export const metadata: Metadata = { title: "Pay invoice" };

export default async function PayInvoicePage({ params }: { params: Promise<{ tenant: string; invoiceId: string }> }) {
  const { formatDate } = await viewerDateFormat();
  const { tenant: slug, invoiceId } = await params;
  const { tenant, user, role } = await requireTenant(slug, "invoices.pay");
  if (!/^in_[A-Za-z0-9]+$/.test(invoiceId)) notFound();
  let payment: Awaited<ReturnType<typeof invoicePaymentSecret>> | null = null;
  let problem: string | null = null;
  const db = await getDb();
  try {
    payment = await invoicePaymentSecret(db, { tenantId: tenant.id, tenantSlug: tenant.slug, userId: user.id, role }, invoiceId);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.status === 404) notFound();
    // No Stripe to pay through (never set up, or disconnected): say why, as the other pay pages do.
    if (error instanceof StripeNotConfiguredError) {
      return (
        <>
          <PageHeader title="Pay invoice" />
          <Card title="Payment" className="max-w-xl">
            <div className="space-y-3">
              <PaymentsNotSetUp slug={tenant.slug} isAdmin={can(role, "settings.stripe.manage")} reason={await unavailableReason(db, { tenantId: tenant.id })} />
              <LinkButton href={`/${tenant.slug}/billing/invoices`} variant="secondary">
                Back to invoices
              </LinkButton>
            </div>
          </Card>
        </>
      );
    }
    problem = error.message;
  }
  if (!payment) {
    return (
      <>
        <PageHeader title="Pay invoice" />
        <Card title="Nothing to pay" className="max-w-xl">
          <div className="space-y-3 text-sm text-slate-700">
            <p role="status">{problem}</p>
            <LinkButton href={`/${tenant.slug}/billing/invoices`} variant="secondary">
              Back to invoices
            </LinkButton>
          </div>
        </Card>
      </>
    );
  }
  const money = (n: number) => formatMoney(n, payment.currency);
  return (
    <>
      <PageHeader title={payment.number ? `Pay invoice ${payment.number}` : "Pay invoice"} description={`Pay ${tenant.name} securely by card.`} />
      <div className="grid max-w-4xl gap-6 lg:grid-cols-2">
        <Card title="Invoice">
          <dl className="grid grid-cols-2 gap-x-6 gap-y-3 text-sm">
            <div>
              <dt className="text-slate-500">Amount due</dt>
              <dd className="text-lg font-semibold text-slate-900" data-testid="invoice-amount-due">
                {money(payment.amountDue)}
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">Due</dt>
              <dd>{payment.dueDate ? formatDate(payment.dueDate) : "On receipt"}</dd>
            </div>
            {payment.memo ? (
              <div className="col-span-2">
                <dt className="text-slate-500">Memo</dt>
                <dd className="whitespace-pre-line">{payment.memo}</dd>
              </div>
            ) : null}
          </dl>
          {payment.lines.length > 0 ? (
            <table className="mt-5 w-full text-left text-sm">
              <caption className="sr-only">Invoice lines</caption>
              <thead className="text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="py-2 pr-3 font-medium">Item</th>
                  <th className="py-2 text-right font-medium">Amount</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {payment.lines.map((l, i) => (
                  <tr key={i}>
                    <td className="py-2 pr-3">{l.description || "Item"}</td>
                    <td className="whitespace-nowrap py-2 text-right tabular-nums">{money(l.amount)}</td>
                  </tr>
                ))}
              </tbody>
              {payment.tax > 0 ? (
                <tfoot className="border-t border-slate-200">
                  <tr>
                    <th scope="row" className="py-2 pr-3 font-normal text-slate-600">
                      Tax
                    </th>
                    <td className="whitespace-nowrap py-2 text-right tabular-nums" data-testid="invoice-tax">
                      {money(payment.tax)}
                    </td>
                  </tr>
                </tfoot>
              ) : null}
            </table>
          ) : null}
          {payment.moreLines && payment.hostedInvoiceUrl ? (
            <p className="mt-3 text-sm">
              <a className="text-brand-700 underline" href={payment.hostedInvoiceUrl} target="_blank" rel="noreferrer">
                See every line on Stripe
              </a>
            </p>
          ) : null}
        </Card>
        <Card title="Payment">
          <CardChoiceForm
            publishableKey={payment.publishableKey}
            clientSecret={payment.clientSecret}
            payLabel={`Pay ${money(payment.amountDue)}`}
            returnPath={invoicePaidPath(tenant.slug, payment.invoiceId)}
            savedCards={payment.savedCards}
            payWithSavedCard={payInvoiceWithSavedCardAction}
            payInput={{ slug: tenant.slug, invoiceId: payment.invoiceId }}
          />
        </Card>
      </div>
    </>
  );
}
