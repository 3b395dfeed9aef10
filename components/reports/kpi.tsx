import type { ReactNode } from "react";

/** One headline figure: what it is, the number, and a line of context. */
export function Kpi({ label, value, note, className = "" }: { label: string; value: ReactNode; note?: ReactNode; className?: string }) {
  return (
    <div className={`rounded-lg bg-slate-50 px-4 py-3 ring-1 ring-slate-200 ${className}`}>
      <p className="text-xs font-medium text-slate-600">{label}</p>
      {/* A long figure ("$131,000.00") steps down a size so it stays inside a narrow card. */}
      <p className={`mt-1 font-semibold tabular-nums text-slate-900 ${typeof value === "string" && value.length > 9 ? "text-xl" : "text-2xl"}`}>{value}</p>
      {note ? <p className="mt-0.5 text-xs text-slate-600">{note}</p> : null}
    </div>
  );
}
