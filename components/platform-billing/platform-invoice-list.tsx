import { LinkButton } from "@/components/ui/button";
import type { PlatformInvoice } from "@/lib/domain-types";
import { viewerDateFormat } from "@/lib/viewer-date-format";
import { formatMoney } from "@/lib/money";

const TONES: Record<string, string> = {
  paid: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  open: "bg-amber-50 text-amber-900 ring-amber-200",
  overdue: "bg-red-50 text-red-800 ring-red-200",
  draft: "bg-slate-100 text-slate-700 ring-slate-300",
  void: "bg-slate-100 text-slate-600 ring-slate-300",
  uncollectible: "bg-red-50 text-red-800 ring-red-200",
};
const LABELS: Record<string, string> = { paid: "Paid", open: "Open", overdue: "Overdue", draft: "Draft", void: "Void", uncollectible: "Uncollectible" };

type Row = Pick<PlatformInvoice, "stripeInvoiceId" | "number" | "status" | "overdue" | "amountDue" | "amountPaid" | "currency" | "stripeCreated" | "lastPaymentError">;

/** MemberPulse's invoices to the organisation, newest first; an open one can be paid (admins only, via `payHref`). */
export async function PlatformInvoiceList({ slug, rows, payable = true }: { slug?: string; rows: Row[]; payable?: boolean }) {
  const { formatDate } = await viewerDateFormat();
  return (
    <ul className="divide-y divide-slate-100" aria-label="Platform invoices">
      {rows.map((r) => {
        const shown = r.status === "open" && r.overdue ? "overdue" : r.status;
        return (
          <li key={r.stripeInvoiceId} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid="platform-invoice-row" data-status={shown}>
            <div className="min-w-0">
              <p className="text-sm font-medium text-slate-900">
                {r.number ?? "Draft invoice"} · {formatMoney(r.amountDue, r.currency)}
              </p>
              <p className="text-xs text-slate-500">
                {formatDate(r.stripeCreated)}
                {shown === "overdue" && r.lastPaymentError ? ` · ${r.lastPaymentError}` : ""}
              </p>
            </div>
            <div className="flex items-center gap-3">
              <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[shown] ?? TONES.draft}`}>{LABELS[shown] ?? shown}</span>
              {payable && slug && r.status === "open" ? (
                <LinkButton href={`/${slug}/settings/billing/invoices/${r.stripeInvoiceId}/pay`} variant={r.overdue ? "primary" : "secondary"}>
                  Pay now
                </LinkButton>
              ) : null}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
