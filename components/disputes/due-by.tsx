import { viewerDateFormat } from "@/lib/viewer-date-format";

/** "Respond by 9 Dec 2026 (6 days left)", red when close or past. */
export async function DueBy({ dueBy, open, now }: { dueBy: Date | null; open: boolean; now: Date }) {
  const { formatDate } = await viewerDateFormat();
  if (!dueBy) return <span className="text-slate-500">—</span>;
  if (!open) return <span className="text-slate-600">{formatDate(dueBy)}</span>;
  const days = Math.ceil((dueBy.getTime() - now.getTime()) / 86_400_000);
  const left = days < 0 ? "past due" : days === 0 ? "due today" : `${days} day${days === 1 ? "" : "s"} left`;
  return (
    <span className={days <= 3 ? "font-medium text-red-700" : "text-slate-800"}>
      {formatDate(dueBy)} <span className="whitespace-nowrap">({left})</span>
    </span>
  );
}
