import { BILLING_LABELS, type PlatformBillingStatus } from "@/lib/platform-billing/billing-status";

const TONES: Record<PlatformBillingStatus, string> = {
  none: "bg-slate-100 text-slate-700 ring-slate-300",
  incomplete: "bg-sky-50 text-sky-800 ring-sky-200",
  trialing: "bg-sky-50 text-sky-800 ring-sky-200",
  active: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  past_due: "bg-amber-50 text-amber-900 ring-amber-300",
  suspended: "bg-red-50 text-red-800 ring-red-200",
  canceled: "bg-slate-100 text-slate-700 ring-slate-300",
};

/** The organisation's standing with MemberPulse billing (driven only by platform webhooks). */
export function BillingStatusBadge({ status }: { status: PlatformBillingStatus }) {
  return (
    <span data-testid="billing-status" data-status={status} className={`status-badge ${TONES[status]}`}>
      {BILLING_LABELS[status]}
    </span>
  );
}
