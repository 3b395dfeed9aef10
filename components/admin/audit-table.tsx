import type { ReactNode } from "react";
import { EmptyState } from "@/components/ui/empty-state";

export type AuditRow = { id: string; action: string; target: string | null; fields: string[]; createdAt: Date; actorEmail: string | null };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

const COLUMNS = ["When (UTC)", "Who", "Action", "Fields"] as const;

/**
 * One cell. Below md it is a labelled line of a card: four columns need ~840 px, and a scroll box on
 * a phone showed only When and Who. The visible label is aria-hidden because the column header
 * already names the cell for a screen reader.
 */
function Cell({ label, className = "", children }: { label: (typeof COLUMNS)[number]; className?: string; children: ReactNode }) {
  return (
    <td role="cell" className={`grid grid-cols-[5.5rem_minmax(0,1fr)] gap-x-3 py-0.5 break-words md:table-cell md:px-5 md:py-2.5 ${className}`}>
      <span aria-hidden className="text-xs font-medium uppercase tracking-wide text-slate-500 md:hidden">
        {label}
      </span>
      <span>{children}</span>
    </td>
  );
}

/**
 * Audit entries: who, what, which fields (names only — the log never holds values). One table that
 * becomes cards below md; the explicit roles keep it a table for assistive technology although the
 * card layout changes the elements' display (some browsers drop table semantics then).
 */
export function AuditTable({ rows }: { rows: AuditRow[] }) {
  if (rows.length === 0) {
    return <EmptyState title="No changes recorded yet">Changes to settings, keys and members are recorded here with who made them and when — never the values.</EmptyState>;
  }
  return (
    <div className="md:-mx-5 md:overflow-x-auto">
      <table role="table" className="block w-full text-left text-sm md:table md:min-w-full">
        <thead role="rowgroup" className="sr-only text-xs uppercase tracking-wide text-slate-500 md:not-sr-only md:table-header-group">
          <tr role="row">
            {COLUMNS.map((c) => (
              <th key={c} role="columnheader" scope="col" className="px-5 py-2 font-medium">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup" className="block divide-y divide-slate-100 md:table-row-group">
          {rows.map((r) => (
            <tr key={r.id} role="row" className="block py-3 md:table-row md:py-0">
              <Cell label="When (UTC)" className="text-slate-600 md:whitespace-nowrap">{dateFormat.format(r.createdAt)}</Cell>
              <Cell label="Who">{r.actorEmail ?? <span className="text-slate-500">system</span>}</Cell>
              <Cell label="Action">
                <span className="font-mono text-xs">
                  {r.action}
                  {r.target ? <span className="text-slate-500"> · {r.target}</span> : null}
                </span>
              </Cell>
              <Cell label="Fields" className="text-slate-600">{r.fields.length ? r.fields.join(", ") : "—"}</Cell>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
