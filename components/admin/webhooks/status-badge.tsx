import type { WebhookEventStatus } from "@/lib/domain-types";

const STYLES: Record<WebhookEventStatus, string> = {
  processed: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
  ignored: "bg-slate-100 text-slate-700 ring-slate-500/20",
  failed: "bg-red-50 text-red-800 ring-red-600/20",
  received: "bg-amber-50 text-amber-800 ring-amber-600/20",
};

// Capitalised like every other status chip in the portal.
const LABELS: Record<WebhookEventStatus, string> = { processed: "Processed", ignored: "Ignored", failed: "Failed", received: "Received" };

export function StatusBadge({ status }: { status: WebhookEventStatus }) {
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLES[status]}`}>{LABELS[status]}</span>;
}
