import Link from "next/link";
import type { ReactNode } from "react";
import type { TenantStatus } from "@/lib/domain-types";
import { CardCell, CardRow, CardTable } from "@/components/ui/card-table";
import { EmptyState } from "@/components/ui/empty-state";
import { BillingStatusBadge } from "@/components/platform-billing/billing-status-badge";
import { viewerDateFormat } from "@/lib/viewer-date-format";
import { formatMoney } from "@/lib/money";
import type { TenantBilling } from "@/lib/platform-billing/console-billing";
import { TenantStatusBadge } from "./tenant-status-badge";

export type TenantListRow = { id: string; slug: string; name: string; status: TenantStatus; createdAt: Date; lastWebhookAt: Date | null; people: number; billing: TenantBilling };

const COLUMNS = ["Organisation", "Status", "Plan", "MRR", "People", "Created", "Last webhook"] as const;

function Cell({ label, className, children }: { label: (typeof COLUMNS)[number]; className?: string; children: ReactNode }) {
  return (
    <CardCell label={label} className={className} labels="grid-cols-[6.5rem_minmax(0,1fr)]">
      {children}
    </CardCell>
  );
}

/** The operator's tenant list. Head counts only: who the people are is each organisation's business. */
export async function TenantsTable({ rows, search }: { rows: TenantListRow[]; search: string }) {
  const { formatDateTime } = await viewerDateFormat();
  if (rows.length === 0) {
    return (
      <EmptyState title={search ? `No organisation matches “${search}”` : "No organisations yet"}>
        {search ? "Search looks at names and addresses (slugs)." : "Organisations appear here when they sign up at /start."}
      </EmptyState>
    );
  }
  return (
    <CardTable columns={COLUMNS} testId="tenants-table">
      {rows.map((r) => (
        <CardRow key={r.id} testId="tenant-row">
          <Cell label="Organisation">
            <Link href={`/platform/tenants/${r.id}`} className="font-medium text-brand-600 hover:underline">
              {r.name}
            </Link>
            <span className="block font-mono text-xs text-slate-500">/{r.slug}</span>
          </Cell>
          <Cell label="Status">
            <TenantStatusBadge status={r.status} />
          </Cell>
          <Cell label="Plan">
            <span className="block text-sm text-slate-800">{r.billing.planName ?? "—"}</span>
            <BillingStatusBadge status={r.billing.status} />
          </Cell>
          <Cell label="MRR" className="tabular-nums md:whitespace-nowrap">
            <span data-testid="tenant-mrr">{r.billing.mrr ? formatMoney(r.billing.mrr.amount, r.billing.mrr.currency) : "—"}</span>
          </Cell>
          <Cell label="People" className="tabular-nums">{r.people}</Cell>
          <Cell label="Created" className="text-slate-600 md:whitespace-nowrap">{formatDateTime(r.createdAt)}</Cell>
          <Cell label="Last webhook" className="text-slate-600 md:whitespace-nowrap">{r.lastWebhookAt ? formatDateTime(r.lastWebhookAt) : "Never"}</Cell>
        </CardRow>
      ))}
    </CardTable>
  );
}
