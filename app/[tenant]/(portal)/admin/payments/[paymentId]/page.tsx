import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RefundForm } from "@/components/admin/refund-form";
import { DisputeStatusBadge } from "@/components/disputes/dispute-status-badge";
import { PaymentStatusBadge } from "@/components/billing/payment-status-badge";
import { RefundSummary } from "@/components/billing/refund-summary";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { DomainError } from "@/lib/errors/domain-error";
import { requireTenant } from "@/lib/auth/session";
import { viewerDateFormat } from "@/lib/viewer-date-format";
import { formatMoney } from "@/lib/money";
import { getPaymentView } from "@/lib/payments/read-payments";
import { refundFailureText } from "@/lib/payments/refund-failure";

export const metadata: Metadata = { title: "Payment" };

const REFUND_STATUS: Record<string, string> = { pending: "Refund pending", succeeded: "Refunded", failed: "Failed", canceled: "Canceled", requires_action: "Needs action" };

export default async function AdminPaymentPage({ params }: { params: Promise<{ tenant: string; paymentId: string }> }) {
  const { formatDateTime } = await viewerDateFormat();
  const { tenant: slug, paymentId } = await params;
  const { tenant, user, role } = await requireTenant(slug, "payments.view_all");
  const p = await getPaymentView(await getDb(), { tenantId: tenant.id, tenantSlug: tenant.slug, userId: user.id, role }, paymentId).catch((e: unknown) => {
    if (e instanceof DomainError && e.status === 404) notFound();
    throw e;
  });
  const money = (n: number) => formatMoney(n, p.currency);
  // amountRefunded already leaves out refunds that failed (db/queries/refunded-total.ts).
  const remaining = p.amount - Math.max(p.amountRefunded, p.refunds.filter((r) => r.status !== "failed" && r.status !== "canceled").reduce((s, r) => s + r.amount, 0));
  return (
    <>
      <PageHeader
        title={`${money(p.amount)} · ${p.item}`}
        description={<Link href={`/${slug}/admin/payments`} className="text-brand-700 underline">All payments</Link>}
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1.3fr)_minmax(0,1fr)]">
        <Card title="Details">
          <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
            <div>
              <dt className="text-slate-500">Status</dt>
              <dd className="flex flex-wrap items-center gap-2">
                <PaymentStatusBadge status={p.status} />
                <RefundSummary payment={p} />
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">Member</dt>
              <dd className="truncate">{p.member?.email ?? "—"}</dd>
            </div>
            {p.dispute ? (
              <div className="sm:col-span-2">
                <dt className="text-slate-500">Dispute</dt>
                <dd className="flex flex-wrap items-center gap-2">
                  <DisputeStatusBadge status={p.dispute.status} />
                  <Link href={`/${slug}/admin/disputes/${p.dispute.id}`} className="text-brand-700 underline">
                    Open the dispute
                  </Link>
                </dd>
              </div>
            ) : null}
            {p.invoice ? (
              <div>
                <dt className="text-slate-500">{p.invoice.subscription ? "Membership invoice" : "Invoice"}</dt>
                <dd>
                  {p.invoice.hostedInvoiceUrl ? (
                    <a href={p.invoice.hostedInvoiceUrl} target="_blank" rel="noreferrer" className="text-brand-700 underline">
                      {p.invoice.number ?? p.invoice.stripeInvoiceId}
                    </a>
                  ) : (
                    (p.invoice.number ?? p.invoice.stripeInvoiceId)
                  )}
                </dd>
              </div>
            ) : null}
            <div>
              <dt className="text-slate-500">Date</dt>
              <dd>{formatDateTime(p.createdAt)}</dd>
            </div>
            <div>
              <dt className="text-slate-500">Stripe status</dt>
              <dd className="font-mono text-xs">{p.stripeStatus ?? "not yet reported"}</dd>
            </div>
            {p.lastPaymentError ? (
              <div className="sm:col-span-2">
                <dt className="text-slate-500">Last error</dt>
                <dd>{p.lastPaymentError}</dd>
              </div>
            ) : null}
            <div className="sm:col-span-2">
              <dt className="text-slate-500">Stripe</dt>
              <dd>
                <a href={p.dashboardUrl} target="_blank" rel="noreferrer" className="break-all font-mono text-xs text-brand-700 underline">
                  {p.stripePaymentIntentId}
                </a>{" "}
                <span className="text-xs text-slate-500">({p.mode} mode, opens the Stripe Dashboard)</span>
              </dd>
            </div>
          </dl>
          <h3 className="mt-6 text-sm font-semibold text-slate-900">Refunds</h3>
          {p.refunds.length === 0 ? (
            <p className="mt-1 text-sm text-slate-500">No refunds.</p>
          ) : (
            <ul className="mt-2 divide-y divide-slate-100 text-sm" aria-label="Refunds">
              {p.refunds.map((r) => (
                <li key={r.id} className="flex flex-wrap items-baseline justify-between gap-2 py-2" data-testid="refund-row">
                  <span className="font-medium">{money(r.amount)}</span>
                  <span className="text-slate-600">{REFUND_STATUS[r.status] ?? r.status}</span>
                  {r.status === "failed" && r.failureReason ? (
                    <span className="w-full text-sm text-red-700" data-testid="refund-failure">
                      Failed after it was sent: {refundFailureText(r.failureReason)}. The member got no money back.
                    </span>
                  ) : null}
                  <span className="w-full text-xs text-slate-500">
                    {formatDateTime(r.createdAt)} · {r.reason.replaceAll("_", " ")}
                    {r.requestedBy ? ` · by ${r.requestedBy}` : ""}
                    {r.note ? ` · ${r.note}` : ""}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Refund" description={p.status === "succeeded" || p.status === "partially_refunded" ? `Up to ${money(Math.max(remaining, 0))} can be refunded.` : undefined}>
          {(p.status === "succeeded" || p.status === "partially_refunded") && remaining > 0 ? (
            <RefundForm slug={slug} paymentId={p.id} currency={p.currency} remainingLabel={money(remaining)} token={randomUUID()} />
          ) : (
            <p className="text-sm text-slate-600">
              {p.status === "refunded" || remaining <= 0 ? "This payment has been refunded in full." : "Only a succeeded payment can be refunded."}
            </p>
          )}
        </Card>
      </div>
    </>
  );
}
