import { DISPLAY_STATUS_LABELS, type DisplayStatus } from "@/lib/payments/payment-status";

const TONES: Record<DisplayStatus, string> = {
  succeeded: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  partially_refunded: "bg-sky-50 text-sky-800 ring-sky-200",
  refunded: "bg-slate-100 text-slate-700 ring-slate-300",
  processing: "bg-amber-50 text-amber-900 ring-amber-200",
  pending: "bg-amber-50 text-amber-900 ring-amber-200",
  failed: "bg-red-50 text-red-800 ring-red-200",
  canceled: "bg-slate-100 text-slate-600 ring-slate-300",
};

export function PaymentStatusBadge({ status }: { status: DisplayStatus }) {
  return (
    <span data-testid="payment-status" className={`status-badge ${TONES[status]}`}>
      {DISPLAY_STATUS_LABELS[status]}
    </span>
  );
}
