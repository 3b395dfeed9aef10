import Link from "next/link";
import { viewerDateFormat } from "@/lib/viewer-date-format";
import { formatMoney } from "@/lib/money";
import type { PaymentView } from "@/lib/payments/payment-view";
import { DisputeStatusBadge } from "@/components/disputes/dispute-status-badge";
import { PaymentStatusBadge } from "./payment-status-badge";
import { RefundSummary } from "./refund-summary";

/**
 * One table for every width: on wide screens a table, on phones each row lays out as a card
 * (item and amount, member, status, then the date that links to the payment). Rendered once — two
 * copies of the list (table + cards) doubled the page's HTML and render time.
 */
export async function PaymentsTable({ payments, hrefFor, showMember }: { payments: PaymentView[]; hrefFor: (p: PaymentView) => string; showMember: boolean }) {
  const { formatDateTime } = await viewerDateFormat();
  return (
    <table className="block w-full text-left text-sm sm:table">
      <thead className="hidden text-xs uppercase tracking-wide text-slate-500 sm:table-header-group">
        <tr>
          <th className="py-2 pr-3 font-medium">Date</th>
          {showMember ? <th className="py-2 pr-3 font-medium">Member</th> : null}
          <th className="py-2 pr-3 font-medium">Item</th>
          <th className="py-2 pr-3 text-right font-medium">Amount</th>
          <th className="py-2 font-medium">Status</th>
        </tr>
      </thead>
      <tbody className="block divide-y divide-slate-100 sm:table-row-group">
        {payments.map((p) => (
          <tr key={p.id} data-testid="payment-row" className="grid grid-cols-[minmax(0,1fr)_auto] gap-x-3 gap-y-1 py-3 sm:table-row sm:py-0">
            <td className="order-5 col-span-2 whitespace-nowrap text-xs text-slate-600 sm:order-none sm:py-2.5 sm:pr-3 sm:text-sm">
              <Link href={hrefFor(p)} className="text-brand-700 underline-offset-2 hover:underline">
                {formatDateTime(p.createdAt)}
              </Link>
            </td>
            {showMember ? <td className="order-3 col-span-2 truncate text-slate-600 sm:order-none sm:max-w-48 sm:py-2.5 sm:pr-3 sm:text-slate-900">{p.member?.email ?? "—"}</td> : null}
            <td className="order-1 font-medium text-slate-900 sm:order-none sm:py-2.5 sm:pr-3 sm:font-normal">{p.item}</td>
            <td className="order-2 whitespace-nowrap text-right font-medium tabular-nums sm:order-none sm:py-2.5 sm:pr-3">{formatMoney(p.amount, p.currency)}</td>
            <td className="order-4 col-span-2 sm:order-none sm:py-2.5">
              <div className="flex flex-wrap items-center gap-2 text-xs sm:flex-col sm:flex-nowrap sm:items-start sm:gap-0.5">
                <PaymentStatusBadge status={p.status} />
                {p.dispute ? <DisputeStatusBadge status={p.dispute.status} prefix="Disputed" /> : null}
                <RefundSummary payment={p} />
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
