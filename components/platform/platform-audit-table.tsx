import Link from "next/link";
import { CardCell as Cell, CardRow, CardTable } from "@/components/ui/card-table";
import { EmptyState } from "@/components/ui/empty-state";
import { viewerDateFormat } from "@/lib/viewer-date-format";

export type PlatformAuditRow = {
  id: string;
  action: string;
  target: string | null;
  tenantId: string | null;
  tenantName: string | null;
  planName: string | null;
  fields: string[];
  createdAt: Date;
  actorEmail: string | null;
};

const COLUMNS = ["When", "Operator", "Action", "Tenant", "Fields"] as const;

/** Operator actions, newest first: field names only, never values. Cards below md. */
export async function PlatformAuditTable({ rows }: { rows: PlatformAuditRow[] }) {
  const { formatDateTime } = await viewerDateFormat();
  if (rows.length === 0) {
    return <EmptyState title="No operator actions yet">Plan changes, suspensions, reactivations and event replays are recorded here with who did them and when.</EmptyState>;
  }
  return (
    <CardTable columns={COLUMNS} testId="platform-audit">
      {rows.map((r) => (
        <CardRow key={r.id} testId="platform-audit-row">
          <Cell label="When" className="text-slate-600 md:whitespace-nowrap">
            {formatDateTime(r.createdAt)}
          </Cell>
          <Cell label="Operator" className="break-words">
            {r.actorEmail ?? <span className="text-slate-500">system</span>}
          </Cell>
          <Cell label="Action">
            <span className="font-mono text-xs">{r.action}</span>
            {r.planName ? (
              <span className="block text-sm text-slate-700">Plan {r.planName}</span>
            ) : r.target && r.target !== r.tenantId ? (
              <span className="block break-all font-mono text-xs text-slate-500">{r.target}</span>
            ) : null}
          </Cell>
          <Cell label="Tenant">
            {r.tenantId && r.tenantName ? (
              <Link href={`/platform/tenants/${r.tenantId}`} className="text-brand-600 hover:underline">
                {r.tenantName}
              </Link>
            ) : (
              <span className="text-slate-500">—</span>
            )}
          </Cell>
          <Cell label="Fields" className="text-slate-600">
            {r.fields.length ? r.fields.join(", ") : "—"}
          </Cell>
        </CardRow>
      ))}
    </CardTable>
  );
}
