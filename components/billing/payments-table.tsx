import Link from "next/link";
import { viewerDateFormat } from "@/lib/viewer-date-format";
import { formatMoney } from "@/lib/money";
import type { PaymentView } from "@/lib/payments/payment-view";
import { DisputeStatusBadge } from "@/components/disputes/dispute-status-badge";
import { PaymentStatusBadge } from "./payment-status-badge";
import { RefundSummary } from "./refund-summary";

/** A table on wide screens, stacked cards on phones; each row links to the payment. */
export async function PaymentsTable({ payments, hrefFor, showMember }: { payments: PaymentView[]; hrefFor: (p: PaymentView) => string; showMember: boolean }) {
  const { formatDateTime } = await viewerDateFormat();
  return (
    <>
      <ul className="divide-y divide-slate-100 sm:hidden">
        {payments.map((p) => (
          <li key={p.id} className="py-3" data-testid="payment-row">
            <Link href={hrefFor(p)} className="block">
              <div className="flex items-start justify-between gap-3">
                <span className="font-medium text-slate-900">{p.item}</span>
                <span className="whitespace-nowrap font-medium">{formatMoney(p.amount, p.currency)}</span>
              </div>
              {showMember ? <p className="truncate text-sm text-slate-600">{p.member?.email ?? "—"}</p> : null}
              <div className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-500">
                <PaymentStatusBadge status={p.status} />
                {p.dispute ? <DisputeStatusBadge status={p.dispute.status} prefix="Disputed" /> : null}
                <RefundSummary payment={p} />
                <span>{formatDateTime(p.createdAt)}</span>
              </div>
            </Link>
          </li>
        ))}
      </ul>
      <table className="hidden w-full text-left text-sm sm:table">
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="py-2 pr-3 font-medium">Date</th>
            {showMember ? <th className="py-2 pr-3 font-medium">Member</th> : null}
            <th className="py-2 pr-3 font-medium">Item</th>
            <th className="py-2 pr-3 text-right font-medium">Amount</th>
            <th className="py-2 font-medium">Status</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {payments.map((p) => (
            <tr key={p.id} data-testid="payment-row">
              <td className="whitespace-nowrap py-2.5 pr-3 text-slate-600">
                <Link href={hrefFor(p)} className="text-brand-700 underline-offset-2 hover:underline">
                  {formatDateTime(p.createdAt)}
                </Link>
              </td>
              {showMember ? <td className="max-w-48 truncate py-2.5 pr-3">{p.member?.email ?? "—"}</td> : null}
              <td className="py-2.5 pr-3">{p.item}</td>
              <td className="whitespace-nowrap py-2.5 pr-3 text-right font-medium tabular-nums">{formatMoney(p.amount, p.currency)}</td>
              <td className="py-2.5">
                <div className="flex flex-col items-start gap-0.5">
                  <PaymentStatusBadge status={p.status} />
                  {p.dispute ? <DisputeStatusBadge status={p.dispute.status} prefix="Disputed" /> : null}
                  <RefundSummary payment={p} />
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
