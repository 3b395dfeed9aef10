import { monthName } from "./chart-scale";

/** A chart's figures, exact, behind "Show the figures": one row per month, one column per series. */
export function FiguresTable({ title, months, columns, format }: { title: string; months: string[]; columns: { label: string; values: number[] }[]; format: (value: number) => string }) {
  return (
    <details className="text-sm">
      <summary className="inline-flex min-h-6 cursor-pointer items-center font-medium text-brand-600">Show the figures</summary>
      <div className="mt-2 overflow-x-auto">
        <table className="w-full text-left text-xs">
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr className="text-slate-500">
              <th scope="col" className="py-1 pr-3 font-medium">Month</th>
              {columns.map((c) => (
                <th key={c.label} scope="col" className="py-1 pr-3 text-right font-medium">{c.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {months.map((month, i) => (
              <tr key={month} className="border-t border-slate-100">
                <th scope="row" className="py-1 pr-3 font-normal">{monthName(month)}</th>
                {columns.map((c) => (
                  <td key={c.label} className="py-1 pr-3 text-right tabular-nums">{format(c.values[i] ?? 0)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
