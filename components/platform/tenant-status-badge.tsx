import type { TenantStatus } from "@/lib/domain-types";

const TONES: Record<TenantStatus, { label: string; className: string }> = {
  active: { label: "Active", className: "bg-emerald-50 text-emerald-800 ring-emerald-200" },
  suspended: { label: "Suspended", className: "bg-red-50 text-red-800 ring-red-200" },
};

export function TenantStatusBadge({ status }: { status: TenantStatus }) {
  const t = TONES[status];
  return (
    <span data-testid="tenant-status" className={`status-badge ${t.className}`}>
      {t.label}
    </span>
  );
}
