import type { ReactNode } from "react";
import { LinkButton } from "@/components/ui/button";
import { viewerDateFormat } from "@/lib/viewer-date-format";
import { formatMoney } from "@/lib/money";

type Row = {
  stripeInvoiceId: string;
  status: string | null;
  number: string | null;
  amountDue: number;
  amountRemaining: number;
  currency: string;
  hostedInvoiceUrl: string | null;
  invoicePdf?: string | null;
  dueDate?: Date | null;
  createdAt: Date;
  userEmail?: string | null;
};

const TONES: Record<string, string> = {
  paid: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  open: "bg-amber-50 text-amber-900 ring-amber-200",
  draft: "bg-slate-100 text-slate-700 ring-slate-300",
  void: "bg-slate-100 text-slate-600 ring-slate-300",
  uncollectible: "bg-red-50 text-red-800 ring-red-200",
};

// Capitalised like every other status chip (payments, subscriptions, webhook events).
const LABELS: Record<string, string> = { paid: "Paid", open: "Open", draft: "Draft", void: "Void", uncollectible: "Uncollectible" };

const LINK = "inline-flex min-h-6 items-center px-1 text-sm font-medium text-brand-600 hover:underline";

/**
 * Invoices as a stacked list (reads on a phone) with status, amount, due date, Stripe's hosted page
 * and PDF, and Pay; `actions` adds per-row controls (the admin's void / mark uncollectible).
 */
export async function InvoiceTable<R extends Row>({ slug, rows, payable = false, showMember = false, actions }: { slug: string; rows: R[]; payable?: boolean; showMember?: boolean; actions?: (row: R) => ReactNode }) {
  const { formatDate } = await viewerDateFormat();
  return (
    <ul className="divide-y divide-slate-100" aria-label="Invoices">
      {rows.map((r) => (
        <li key={r.stripeInvoiceId} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid="invoice-row">
          <div className="min-w-0">
            <p className="text-sm font-medium text-slate-900">
              {r.number ?? "Draft invoice"} · {formatMoney(r.amountDue, r.currency)}
            </p>
            <p className="text-xs text-slate-500">
              {formatDate(r.createdAt)}
              {r.dueDate && (r.status === "open" || r.status === "uncollectible") ? <span data-testid="invoice-due"> · due {formatDate(r.dueDate)}</span> : null}
              {showMember && r.userEmail ? ` · ${r.userEmail}` : ""}
            </p>
          </div>
          <div className="flex items-center gap-3">
            <span data-testid="invoice-status" className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[r.status ?? ""] ?? TONES.draft}`}>
              {LABELS[r.status ?? ""] ?? "Pending"}
            </span>
            {r.hostedInvoiceUrl ? (
              <a href={r.hostedInvoiceUrl} className={LINK} target="_blank" rel="noreferrer">
                View
              </a>
            ) : null}
            {r.invoicePdf ? (
              <a href={r.invoicePdf} className={LINK} target="_blank" rel="noreferrer" aria-label={`PDF of invoice ${r.number ?? ""}`.trim()}>
                PDF
              </a>
            ) : null}
            {payable && r.status === "open" ? (
              <LinkButton href={`/${slug}/billing/invoices/${r.stripeInvoiceId}/pay`}>Pay {formatMoney(r.amountRemaining, r.currency)}</LinkButton>
            ) : null}
            {actions?.(r)}
          </div>
        </li>
      ))}
    </ul>
  );
}
