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
 * copies of the list (table + cards) doubled the page's HTML and render time. The row and cell
 * styles live in app/globals.css (`.payments-table`): written once there instead of on each of 25
 * rows, where they were most of the page's HTML and of its RSC payload (rendered, serialised and
 * sent twice per row).
 */
export async function PaymentsTable({ payments, hrefFor, showMember }: { payments: PaymentView[]; hrefFor: (p: PaymentView) => string; showMember: boolean }) {
  const { formatDateTime } = await viewerDateFormat();
  return (
    <table className="payments-table">
      <thead>
        <tr>
          <th className="py-2 pr-3 font-medium">Date</th>
          {showMember ? <th className="py-2 pr-3 font-medium">Member</th> : null}
          <th className="py-2 pr-3 font-medium">Item</th>
          <th className="py-2 pr-3 text-right font-medium">Amount</th>
          <th className="py-2 font-medium">Status</th>
        </tr>
      </thead>
      <tbody>
        {payments.map((p) => (
          <tr key={p.id} data-testid="payment-row">
            <td className="pt-date">
              <Link href={hrefFor(p)}>
                {formatDateTime(p.createdAt)}
              </Link>
            </td>
            {showMember ? <td className="pt-member">{p.member?.email ?? "—"}</td> : null}
            <td className="pt-item">{p.item}</td>
            <td className="pt-amount">{formatMoney(p.amount, p.currency)}</td>
            <td className="pt-status">
              <div>
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
