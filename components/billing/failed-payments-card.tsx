import Link from "next/link";
import { Card } from "@/components/ui/card";
import type { FailedPayment } from "@/lib/admin/overview";
import { viewerDateFormat } from "@/lib/viewer-date-format";
import { formatMoney } from "@/lib/money";

/** The admin dashboard's list of failed renewal payments (open billing notices). */
export async function FailedPaymentsCard({ notices, slug }: { notices: FailedPayment[]; slug: string }) {
  const { formatDate } = await viewerDateFormat();
  return (
    <Card title="Failed payments" actions={<Link href={`/${slug}/admin/subscriptions`} className="inline-flex min-h-6 items-center text-sm font-medium text-brand-600 hover:underline">Subscriptions</Link>}>
      {notices.length === 0 ? (
        <p className="text-sm text-slate-600">No failed renewal payments.</p>
      ) : (
        <ul className="space-y-2 text-sm" data-testid="dashboard-failed-payments">
          {notices.slice(0, 5).map((n) => (
            <li key={n.id} className="flex items-start justify-between gap-3">
              {/* A member can have several failed invoices open: the date tells them apart. */}
              <span className="min-w-0 [overflow-wrap:anywhere]">
                {n.userId ? (
                  <Link href={`/${slug}/admin/members/${n.userId}`} className="text-brand-700 hover:underline">
                    {n.userEmail}
                  </Link>
                ) : (
                  "Unknown member"
                )}
                <span className="block text-xs text-slate-500">
                  {formatDate(n.createdAt)}
                  {/* Not declined: the bank wants the member to confirm (3-D Secure); the member has been asked. */}
                  {n.kind === "payment_action_required" ? " · waiting for the member to confirm with their bank" : null}
                </span>
              </span>
              <span className="shrink-0 font-medium text-red-700">{formatMoney(n.amountDue, n.currency)}</span>
            </li>
          ))}
        </ul>
      )}
      {notices.length > 5 ? <p className="mt-2 text-xs text-slate-500">And {notices.length - 5} more.</p> : null}
    </Card>
  );
}
