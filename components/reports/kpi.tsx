import type { ReactNode } from "react";

/** One headline figure: what it is, the number, and a line of context. */
export function Kpi({ label, value, note, className = "" }: { label: string; value: ReactNode; note?: ReactNode; className?: string }) {
  return (
    <div className={`rounded-lg bg-slate-50 px-4 py-3 ring-1 ring-slate-200 ${className}`}>
      <p className="text-xs font-medium text-slate-600">{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums text-slate-900">{value}</p>
      {note ? <p className="mt-0.5 text-xs text-slate-600">{note}</p> : null}
    </div>
  );
}
