import Link from "next/link";
import { formatMoney } from "@/lib/money";
import { disputeReasonLabel } from "@/lib/disputes/dispute-status";
import type { DisputeView } from "@/lib/disputes/disputes-view";
import { DisputeStatusBadge } from "./dispute-status-badge";
import { DueBy } from "./due-by";

/** A table on wide screens, stacked cards on phones; each row opens the dispute. */
export function DisputesTable({ disputes, hrefFor, now }: { disputes: DisputeView[]; hrefFor: (d: DisputeView) => string; now: Date }) {
  return (
    <>
      <ul className="divide-y divide-slate-100 sm:hidden">
        {disputes.map((d) => (
          <li key={d.id} className="py-3" data-testid="dispute-row">
            <Link href={hrefFor(d)} className="block">
              <div className="flex items-start justify-between gap-3">
                <span className="truncate font-medium text-slate-900">{d.member?.email ?? "Unknown member"}</span>
                <span className="whitespace-nowrap font-medium">{formatMoney(d.amount, d.currency)}</span>
              </div>
              <p className="text-sm text-slate-600">{disputeReasonLabel(d.reason)}</p>
              <div className="mt-1 flex flex-wrap items-center gap-2 text-xs">
                <DisputeStatusBadge status={d.status} />
                <span className="text-slate-500">Respond by</span>
                <DueBy dueBy={d.evidenceDueBy} open={d.acceptsEvidence} now={now} />
              </div>
            </Link>
          </li>
        ))}
      </ul>
      <table className="hidden w-full text-left text-sm sm:table">
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="py-2 pr-3 font-medium">Member</th>
            <th className="py-2 pr-3 font-medium">Reason</th>
            <th className="py-2 pr-3 text-right font-medium">Amount</th>
            <th className="py-2 pr-3 font-medium">Respond by</th>
            <th className="py-2 font-medium">Status</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {disputes.map((d) => (
            <tr key={d.id} data-testid="dispute-row">
              <td className="max-w-56 truncate py-2.5 pr-3">
                <Link href={hrefFor(d)} className="text-brand-700 underline-offset-2 hover:underline">
                  {d.member?.email ?? "Unknown member"}
                </Link>
              </td>
              <td className="py-2.5 pr-3">{disputeReasonLabel(d.reason)}</td>
              <td className="whitespace-nowrap py-2.5 pr-3 text-right font-medium tabular-nums">{formatMoney(d.amount, d.currency)}</td>
              <td className="py-2.5 pr-3">
                <DueBy dueBy={d.evidenceDueBy} open={d.acceptsEvidence} now={now} />
              </td>
              <td className="py-2.5">
                <DisputeStatusBadge status={d.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
