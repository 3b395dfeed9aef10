import type { WebhookEventStatus } from "@/db/schema";

const STYLES: Record<WebhookEventStatus, string> = {
  processed: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
  ignored: "bg-slate-100 text-slate-700 ring-slate-500/20",
  failed: "bg-red-50 text-red-800 ring-red-600/20",
  received: "bg-amber-50 text-amber-800 ring-amber-600/20",
};

export function StatusBadge({ status }: { status: WebhookEventStatus }) {
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLES[status]}`}>{status}</span>;
}
