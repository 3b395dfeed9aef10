import type { CreditEntryView } from "@/lib/credits/ledger-page";
import { formatCredits } from "@/lib/credits/rules";
import { viewerDateFormat } from "@/lib/viewer-date-format";

/** Ledger entries, newest first: a table on wide screens, stacked rows on phones. */
export async function LedgerTable({ entries }: { entries: CreditEntryView[] }) {
  const { formatDateTime } = await viewerDateFormat();
  if (entries.length === 0) return <p className="text-sm text-slate-600">No credit activity yet.</p>;
  return (
    <ul className="divide-y divide-slate-100" aria-label="Credit history">
      {entries.map((e) => (
        <li key={e.id} className="flex items-start justify-between gap-4 py-3" data-testid="ledger-entry">
          <div className="min-w-0">
            <p className="text-sm font-medium text-slate-900">{e.reasonLabel}</p>
            <p className="text-sm text-slate-600">{e.description}</p>
            <p className="text-xs text-slate-500">{formatDateTime(e.createdAt)}</p>
          </div>
          <p className={`shrink-0 text-sm font-semibold tabular-nums ${e.delta < 0 ? "text-red-700" : "text-emerald-700"}`}>
            {e.delta > 0 ? "+" : "−"}
            {formatCredits(Math.abs(e.delta))}
          </p>
        </li>
      ))}
    </ul>
  );
}
