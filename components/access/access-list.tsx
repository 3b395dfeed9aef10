import type { ReactNode } from "react";
import type { MemberAccess } from "@/lib/access/resolve-access";
import { EmptyState } from "@/components/ui/empty-state";
import { viewerDateFormat } from "@/lib/viewer-date-format";

/** A member's entitlements with where each comes from (the output of resolveAccess). */
export async function AccessList({ access, emptyTitle, emptyText, emptyAction }: { access: MemberAccess; emptyTitle: string; emptyText: string; emptyAction?: ReactNode }) {
  const { formatDateTime } = await viewerDateFormat();
  if (access.entitlements.length === 0) return <EmptyState title={emptyTitle} action={emptyAction}>{emptyText}</EmptyState>;
  return (
    <ul className="divide-y divide-slate-100" data-testid="access-list">
      {access.entitlements.map((e) => (
        <li key={e.setId} className="py-2">
          <p className="font-medium text-slate-900">{e.setName}</p>
          <ul className="mt-0.5 text-xs text-slate-500">
            {e.sources.map((s) => (
              <li key={s.type === "grant" ? s.grantId : s.stripeSubscriptionId}>
                {s.type === "grant"
                  ? `Granted by an admin${s.endsAt ? ` · until ${formatDateTime(s.endsAt)}` : " · no end date"}`
                  : `${s.productName} subscription (${s.status})${s.currentPeriodEnd ? ` · renews ${formatDateTime(s.currentPeriodEnd)}` : ""}`}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
