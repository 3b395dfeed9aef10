import type { RevenueReport } from "@/lib/reports/revenue-report";
import { monthName } from "./chart-scale";

const percent = (part: number, whole: number) => (whole > 0 ? `${((part / whole) * 100).toFixed(1)} %` : "—");

/** Subscription invoices per month, how many had a failed payment, and how many were recovered. */
export function FailedPaymentsReport({ rows }: { rows: RevenueReport["failedPayments"] }) {
  const total = rows.reduce((t, r) => ({ invoices: t.invoices + r.invoices, failed: t.failed + r.failed, recovered: t.recovered + r.recovered }), { invoices: 0, failed: 0, recovered: 0 });
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Failed subscription payments by month</caption>
        <thead>
          <tr className="text-xs text-slate-500">
            <th scope="col" className="py-1.5 pr-3 font-medium">Month</th>
            <th scope="col" className="py-1.5 pr-3 text-right font-medium">Invoices</th>
            <th scope="col" className="py-1.5 pr-3 text-right font-medium">Failed</th>
            <th scope="col" className="py-1.5 pr-3 text-right font-medium">Rate</th>
            <th scope="col" className="py-1.5 text-right font-medium">Recovered</th>
          </tr>
        </thead>
        <tbody>
          {rows.filter((r) => r.invoices > 0).map((r) => (
            <tr key={r.month} className="border-t border-slate-100">
              <th scope="row" className="py-1.5 pr-3 font-normal">{monthName(r.month)}</th>
              <td className="py-1.5 pr-3 text-right tabular-nums">{r.invoices}</td>
              <td className="py-1.5 pr-3 text-right tabular-nums">{r.failed}</td>
              <td className="py-1.5 pr-3 text-right tabular-nums">{percent(r.failed, r.invoices)}</td>
              <td className="py-1.5 text-right tabular-nums">{r.failed ? `${r.recovered} of ${r.failed}` : "—"}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="border-t border-slate-300 font-medium">
            <th scope="row" className="py-1.5 pr-3">All months shown</th>
            <td className="py-1.5 pr-3 text-right tabular-nums">{total.invoices}</td>
            <td className="py-1.5 pr-3 text-right tabular-nums">{total.failed}</td>
            <td className="py-1.5 pr-3 text-right tabular-nums">{percent(total.failed, total.invoices)}</td>
            <td className="py-1.5 text-right tabular-nums">{total.failed ? `${total.recovered} of ${total.failed}` : "—"}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
