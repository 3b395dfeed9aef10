import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { OutcomeBanner, type Outcome } from "@/components/billing/outcome-banner";
import { PaymentStatusBadge } from "@/components/billing/payment-status-badge";
import { RefundSummary } from "@/components/billing/refund-summary";
import { LinkButton } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { DomainError } from "@/lib/errors/domain-error";
import { requireTenant } from "@/lib/auth/session";
import { viewerDateFormat } from "@/lib/viewer-date-format";
import { formatMoney } from "@/lib/money";
import { declineAdvice } from "@/lib/payments/decline-advice";
import { livePaymentIntent } from "@/lib/payments/live-payment-status";
import { getPaymentView } from "@/lib/payments/read-payments";

export const metadata: Metadata = { title: "Payment" };

function outcomeOf(status: string | undefined, error: { message: string; code: string | null; declineCode: string | null } | null): Outcome {
  if (status === "succeeded") return { tone: "ok", title: "Payment successful", detail: "Thank you. Your receipt details are below." };
  if (status === "processing") return { tone: "wait", title: "Payment processing", detail: "Your bank is still processing this payment. We will update your payment history when it completes." };
  if (status === "canceled") return { tone: "bad", title: "Payment canceled", detail: "This payment was canceled and you were not charged." };
  if (error) return { tone: "bad", title: "Payment failed", detail: `${error.message} ${declineAdvice(error.code, error.declineCode)}` };
  if (status === undefined) return { tone: "wait", title: "Checking your payment", detail: "We could not reach Stripe just now. Reload this page in a moment." };
  return { tone: "wait", title: "Payment not completed", detail: "This payment has not been completed. You have not been charged." };
}

/** Return page after checkout and the member's receipt: Stripe's live status first, then the portal's record. */
export default async function PaymentPage({ params }: { params: Promise<{ tenant: string; paymentId: string }> }) {
  const { formatDateTime } = await viewerDateFormat();
  const { tenant: slug, paymentId } = await params;
  const actor = await requireTenant(slug);
  const db = await getDb();
  const payment = await getPaymentView(db, { tenantId: actor.tenant.id, tenantSlug: actor.tenant.slug, userId: actor.user.id, role: actor.role }, paymentId, { ownOnly: true }).catch((e: unknown) => {
    if (e instanceof DomainError && e.status === 404) notFound();
    throw e;
  });
  const live = await livePaymentIntent(db, actor.tenant.id, payment);
  const outcome = outcomeOf(live?.status, live?.lastError ?? null);
  const retry = payment.priceId && outcome.tone !== "ok" && live?.status !== "processing";
  return (
    <>
      <PageHeader title="Payment" />
      <OutcomeBanner outcome={outcome} className="mb-6">
        {retry ? (
          <LinkButton href={`/${slug}/billing/pay/${payment.priceId}`} className="mt-3">
            Try again
          </LinkButton>
        ) : null}
      </OutcomeBanner>
      <Card title="Receipt details">
        <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-slate-500">Item</dt>
            <dd className="font-medium text-slate-900">{payment.item}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Amount</dt>
            <dd className="font-medium text-slate-900">{formatMoney(payment.amount, payment.currency)}</dd>
          </div>
          {payment.tax !== null ? (
            <div>
              <dt className="text-slate-500">Tax (included in the amount)</dt>
              <dd data-testid="receipt-tax">{formatMoney(payment.tax, payment.currency)}</dd>
            </div>
          ) : null}
          <div>
            <dt className="text-slate-500">Date</dt>
            <dd>{formatDateTime(payment.createdAt)}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Status in your history</dt>
            <dd className="flex flex-wrap items-center gap-2">
              <PaymentStatusBadge status={payment.status} />
              <RefundSummary payment={payment} />
            </dd>
          </div>
          {payment.invoice ? (
            <div className="sm:col-span-2">
              <dt className="text-slate-500">Invoice</dt>
              <dd className="flex flex-wrap items-center gap-x-3">
                <span>{payment.invoice.number ?? payment.invoice.stripeInvoiceId}</span>
                {payment.invoice.hostedInvoiceUrl ? (
                  <a className="font-medium text-brand-700 underline" href={payment.invoice.hostedInvoiceUrl} target="_blank" rel="noreferrer">
                    View invoice on Stripe
                  </a>
                ) : null}
              </dd>
            </div>
          ) : null}
          <div className="sm:col-span-2">
            <dt className="text-slate-500">Reference</dt>
            <dd className="break-all font-mono text-xs">{payment.stripePaymentIntentId}</dd>
          </div>
        </dl>
        <p className="mt-4 text-sm">
          <Link className="font-medium text-brand-700 underline" href={`/${slug}/billing/history`}>
            View payment history
          </Link>
        </p>
      </Card>
    </>
  );
}
