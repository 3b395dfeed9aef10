import Link from "next/link";
import { Card } from "@/components/ui/card";
import type { FailedPayment } from "@/lib/admin/overview";
import { formatMoney } from "@/lib/money";

/** The admin dashboard's list of failed renewal payments (open billing notices). */
export function FailedPaymentsCard({ notices, slug }: { notices: FailedPayment[]; slug: string }) {
  return (
    <Card title="Failed payments" actions={<Link href={`/${slug}/admin/subscriptions`} className="inline-flex min-h-6 items-center text-sm font-medium text-brand-600 hover:underline">Subscriptions</Link>}>
      {notices.length === 0 ? (
        <p className="text-sm text-slate-600">No failed renewal payments.</p>
      ) : (
        <ul className="space-y-1 text-sm" data-testid="dashboard-failed-payments">
          {notices.slice(0, 5).map((n) => (
            <li key={n.id} className="flex justify-between gap-2">
              <span className="truncate">{n.userEmail ?? "Unknown member"}</span>
              <span className="font-medium text-red-700">{formatMoney(n.amountDue, n.currency)}</span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
