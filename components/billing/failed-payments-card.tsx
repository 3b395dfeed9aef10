import Link from "next/link";
import { Card } from "@/components/ui/card";
import type { Db } from "@/db";
import { listOpenNotices } from "@/db/queries/billing-notices";
import { formatMoney } from "@/lib/money";

/** The admin dashboard's list of failed renewal payments (open billing notices). */
export async function FailedPaymentsCard({ db, tenantId, slug }: { db: Db; tenantId: string; slug: string }) {
  const notices = await listOpenNotices(db, { tenantId });
  return (
    <Card title="Failed payments" actions={<Link href={`/${slug}/admin/subscriptions`} className="text-sm font-medium text-brand-600 hover:underline">Subscriptions</Link>}>
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
