/** The server's figures for a charge, one row each: subtotal, discount, tax, then the total in bold. */
export type BreakdownRow = { label: string; amount: string; testId: string; negative?: boolean };

export function PriceBreakdown({ rows, totalLabel, total, totalTestId }: { rows: BreakdownRow[]; totalLabel: string; total: string; totalTestId: string }) {
  return (
    <dl className="mt-3 space-y-1 border-t border-slate-100 pt-3 text-sm">
      {rows.map((r) => (
        <div key={r.testId} className="flex items-baseline justify-between gap-4">
          <dt className="text-slate-600">{r.label}</dt>
          <dd className="tabular-nums text-slate-900" data-testid={r.testId}>
            {r.negative ? `−${r.amount}` : r.amount}
          </dd>
        </div>
      ))}
      <div className="flex items-baseline justify-between gap-4 pt-1">
        <dt className="text-slate-600">{totalLabel}</dt>
        <dd className="text-lg font-semibold tabular-nums text-slate-900" data-testid={totalTestId}>
          {total}
        </dd>
      </div>
    </dl>
  );
}
