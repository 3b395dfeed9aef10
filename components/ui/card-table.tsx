import type { ReactNode } from "react";

/**
 * A table that becomes one card per row below md: several columns need ~840 px, and a scroll box on
 * a phone showed only the first two. The explicit roles keep it a table for assistive technology
 * although the card layout changes the elements' display (some browsers drop table semantics then).
 */
export function CardTable({ columns, children, testId }: { columns: readonly string[]; children: ReactNode; testId?: string }) {
  return (
    <div className="md:-mx-5 md:overflow-x-auto">
      <table role="table" className="block w-full text-left text-sm md:table md:min-w-full" data-testid={testId}>
        <thead role="rowgroup" className="sr-only text-xs uppercase tracking-wide text-slate-500 md:not-sr-only md:table-header-group">
          <tr role="row">
            {columns.map((c) => (
              <th key={c} role="columnheader" scope="col" className="px-5 py-2 font-medium">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup" className="block divide-y divide-slate-100 md:table-row-group">
          {children}
        </tbody>
      </table>
    </div>
  );
}

export function CardRow({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <tr role="row" className="block py-3 md:table-row md:py-0" data-testid={testId}>
      {children}
    </tr>
  );
}

/**
 * One cell: below md a labelled line of the card. The visible label is aria-hidden because the
 * column header already names the cell for a screen reader. `labels` sets the label column's width.
 */
export function CardCell({ label, className = "", labels = "grid-cols-[5.5rem_minmax(0,1fr)]", children }: { label: string; className?: string; labels?: string; children: ReactNode }) {
  return (
    <td role="cell" className={`grid ${labels} gap-x-3 py-0.5 break-words md:table-cell md:px-5 md:py-2.5 ${className}`}>
      <span aria-hidden className="text-xs font-medium uppercase tracking-wide text-slate-500 md:hidden">
        {label}
      </span>
      <span>{children}</span>
    </td>
  );
}
