import { EmptyState } from "@/components/ui/empty-state";
import { CardCell as Cell, CardRow, CardTable } from "@/components/ui/card-table";
import { viewerDateFormat } from "@/lib/viewer-date-format";

export type AuditRow = { id: string; action: string; target: string | null; fields: string[]; createdAt: Date; actorEmail: string | null };

const COLUMNS = ["When", "Who", "Action", "Fields"] as const;

/** Audit entries: who, what, which fields (names only — the log never holds values). Cards below md. */
export async function AuditTable({ rows }: { rows: AuditRow[] }) {
  const { formatDateTime } = await viewerDateFormat();
  if (rows.length === 0) {
    return <EmptyState title="No changes recorded yet">Changes to settings, keys and members are recorded here with who made them and when — never the values.</EmptyState>;
  }
  return (
    <CardTable columns={COLUMNS}>
      {rows.map((r) => (
        <CardRow key={r.id}>
          <Cell label="When" className="text-slate-600 md:whitespace-nowrap">{formatDateTime(r.createdAt)}</Cell>
          <Cell label="Who">{r.actorEmail ?? <span className="text-slate-500">system</span>}</Cell>
          <Cell label="Action">
            <span className="font-mono text-xs">
              {r.action}
              {r.target ? <span className="text-slate-500"> · {r.target}</span> : null}
            </span>
          </Cell>
          <Cell label="Fields" className="text-slate-600">{r.fields.length ? r.fields.join(", ") : "—"}</Cell>
        </CardRow>
      ))}
    </CardTable>
  );
}
