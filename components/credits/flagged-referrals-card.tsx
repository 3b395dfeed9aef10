import type { FlaggedReferral } from "@/lib/credits/referral-guard";
import { Card } from "@/components/ui/card";
import { viewerDateFormat } from "@/lib/viewer-date-format";

/** Admin list of referrals the farming guard refused (lib/credits/referral-guard.ts), newest first. */
export async function FlaggedReferralsCard({ flagged }: { flagged: FlaggedReferral[] }) {
  const { formatDateTime } = await viewerDateFormat();
  return (
    <Card title="Flagged referrals" description="First purchases that would have earned a referral bonus but were paid with the referrer's card or customer, or with a card that already earned one. No bonus was paid.">
      {flagged.length === 0 ? (
        <p className="text-sm text-slate-600">None so far.</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm" data-testid="flagged-referrals">
          {flagged.map((f) => (
            <li key={f.id} className="py-2 first:pt-0 last:pb-0">
              <p className="text-slate-900">
                {f.referredEmail} <span className="text-slate-500">referred by</span> {f.referrerEmail}
              </p>
              <p className="text-xs text-slate-600">
                {f.reason ?? "flagged"}
                {f.decidedAt ? ` · ${formatDateTime(f.decidedAt)}` : ""}
                {f.firstPaymentIntentId ? <span className="font-mono"> · {f.firstPaymentIntentId}</span> : null}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
