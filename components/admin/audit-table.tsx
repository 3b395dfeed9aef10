import { EmptyState } from "@/components/ui/empty-state";

export type AuditRow = { id: string; action: string; target: string | null; fields: string[]; createdAt: Date; actorEmail: string | null };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** Audit entries: who, what, which fields (names only — the log never holds values). */
export function AuditTable({ rows }: { rows: AuditRow[] }) {
  if (rows.length === 0) {
    return <EmptyState title="No changes recorded yet">Changes to settings, keys and members are recorded here with who made them and when — never the values.</EmptyState>;
  }
  return (
    <div className="-mx-5 overflow-x-auto">
      <table className="min-w-full text-left text-sm">
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-5 py-2 font-medium">When (UTC)</th>
            <th scope="col" className="px-5 py-2 font-medium">Who</th>
            <th scope="col" className="px-5 py-2 font-medium">Action</th>
            <th scope="col" className="px-5 py-2 font-medium">Fields</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={r.id}>
              <td className="whitespace-nowrap px-5 py-2.5 text-slate-600">{dateFormat.format(r.createdAt)}</td>
              <td className="px-5 py-2.5">{r.actorEmail ?? <span className="text-slate-400">system</span>}</td>
              <td className="px-5 py-2.5 font-mono text-xs">
                {r.action}
                {r.target ? <span className="text-slate-500"> · {r.target}</span> : null}
              </td>
              <td className="px-5 py-2.5 text-slate-600">{r.fields.length ? r.fields.join(", ") : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
