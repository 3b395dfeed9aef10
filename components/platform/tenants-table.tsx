import Link from "next/link";
import type { ReactNode } from "react";
import type { TenantStatus } from "@/db/schema";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/lib/format-date-time";
import { TenantStatusBadge } from "./tenant-status-badge";

export type TenantListRow = { id: string; slug: string; name: string; status: TenantStatus; createdAt: Date; lastWebhookAt: Date | null; people: number };

const COLUMNS = ["Organisation", "Status", "People", "Created", "Last webhook"] as const;

/** A cell that is a labelled line of a card below md (same pattern as the audit table). */
function Cell({ label, className = "", children }: { label: (typeof COLUMNS)[number]; className?: string; children: ReactNode }) {
  return (
    <td role="cell" className={`grid grid-cols-[6.5rem_minmax(0,1fr)] gap-x-3 py-0.5 break-words md:table-cell md:px-5 md:py-2.5 ${className}`}>
      <span aria-hidden className="text-xs font-medium uppercase tracking-wide text-slate-500 md:hidden">
        {label}
      </span>
      <span>{children}</span>
    </td>
  );
}

/** The operator's tenant list. Head counts only: who the people are is each organisation's business. */
export function TenantsTable({ rows, search }: { rows: TenantListRow[]; search: string }) {
  if (rows.length === 0) {
    return (
      <EmptyState title={search ? `No organisation matches “${search}”` : "No organisations yet"}>
        {search ? "Search looks at names and addresses (slugs)." : "Organisations appear here when they sign up at /start."}
      </EmptyState>
    );
  }
  return (
    <div className="md:-mx-5 md:overflow-x-auto">
      <table role="table" className="block w-full text-left text-sm md:table md:min-w-full" data-testid="tenants-table">
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
            <tr key={r.id} role="row" className="block py-3 md:table-row md:py-0" data-testid="tenant-row">
              <Cell label="Organisation">
                <Link href={`/platform/tenants/${r.id}`} className="font-medium text-brand-600 hover:underline">
                  {r.name}
                </Link>
                <span className="block font-mono text-xs text-slate-500">/{r.slug}</span>
              </Cell>
              <Cell label="Status">
                <TenantStatusBadge status={r.status} />
              </Cell>
              <Cell label="People" className="tabular-nums">{r.people}</Cell>
              <Cell label="Created" className="text-slate-600 md:whitespace-nowrap">{formatDateTime(r.createdAt)}</Cell>
              <Cell label="Last webhook" className="text-slate-600 md:whitespace-nowrap">{r.lastWebhookAt ? formatDateTime(r.lastWebhookAt) : "Never"}</Cell>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
