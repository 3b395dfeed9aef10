import { guidanceFor } from "@/lib/subscriptions/statuses";

const TONES = {
  ok: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  warn: "bg-amber-50 text-amber-900 ring-amber-200",
  bad: "bg-red-50 text-red-800 ring-red-200",
  muted: "bg-slate-100 text-slate-700 ring-slate-300",
} as const;

export function SubscriptionStatusBadge({ status }: { status: string | null }) {
  const g = guidanceFor(status);
  return (
    <span data-testid="subscription-status" data-status={status ?? "processing"} className={`status-badge ${TONES[g.tone]}`}>
      {g.label}
    </span>
  );
}
