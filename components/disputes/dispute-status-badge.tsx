import { disputeStatusLabel, disputeTone, type DisputeTone } from "@/lib/disputes/dispute-status";

const TONES: Record<DisputeTone, string> = {
  urgent: "bg-red-50 text-red-800 ring-red-200",
  waiting: "bg-amber-50 text-amber-900 ring-amber-200",
  won: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  lost: "bg-slate-100 text-slate-700 ring-slate-300",
};

export function DisputeStatusBadge({ status, prefix }: { status: string; prefix?: string }) {
  return (
    <span data-testid="dispute-status" className={`status-badge ${TONES[disputeTone(status)]}`}>
      {prefix ? `${prefix}: ` : ""}
      {disputeStatusLabel(status)}
    </span>
  );
}
