import type { StripeBadge } from "@/lib/stripe-connection/settings-view";

const BADGES: Record<StripeBadge, { label: string; className: string }> = {
  not_configured: { label: "Not configured", className: "bg-slate-100 text-slate-700 ring-slate-300" },
  not_checked: { label: "Not tested yet", className: "bg-sky-50 text-sky-800 ring-sky-200" },
  connected: { label: "Connected", className: "bg-emerald-50 text-emerald-800 ring-emerald-200" },
  invalid_key: { label: "Invalid key", className: "bg-red-50 text-red-800 ring-red-200" },
  unreachable: { label: "Stripe unreachable", className: "bg-amber-50 text-amber-900 ring-amber-200" },
  mode_mismatch: { label: "Mode mismatch", className: "bg-orange-50 text-orange-900 ring-orange-200" },
  disconnected: { label: "Disconnected", className: "bg-red-50 text-red-800 ring-red-200" },
  setting_up: { label: "Setting up", className: "bg-sky-50 text-sky-800 ring-sky-200" },
};

export function stripeBadgeLabel(badge: StripeBadge): string {
  return BADGES[badge].label;
}

export function StripeStatusBadge({ badge }: { badge: StripeBadge }) {
  const b = BADGES[badge];
  return (
    <span data-testid="stripe-status" className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${b.className}`}>
      <span aria-hidden className="size-1.5 rounded-full bg-current" />
      {b.label}
    </span>
  );
}
