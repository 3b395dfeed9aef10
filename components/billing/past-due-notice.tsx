import { LinkButton } from "@/components/ui/button";
import type { BillingNoticeKind } from "@/lib/domain-types";
import { formatMoney } from "@/lib/money";

type Notice = { id: string; kind: BillingNoticeKind; stripeInvoiceId: string; amountDue: number; currency: string; message: string | null };

/**
 * The in-app notices of a renewal that did not go through: a failed payment ("Pay now" with the
 * Payment Element), or one the bank wants confirmed (3-D Secure), whose pay page runs the challenge.
 */
export function PastDueNotice({ slug, notices }: { slug: string; notices: Notice[] }) {
  if (notices.length === 0) return null;
  return (
    <div className="mb-6 space-y-3">
      {notices.map((n) => {
        const payUrl = `/${slug}/billing/invoices/${n.stripeInvoiceId}/pay`;
        if (n.kind === "payment_action_required") {
          return (
            <div key={n.id} role="alert" data-testid="payment-action-notice" className="flex flex-col gap-3 rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-950 ring-1 ring-amber-300 sm:flex-row sm:items-center sm:justify-between">
              <div>
                <p className="font-semibold">Your bank needs you to confirm the payment.</p>
                <p className="mt-0.5">Your membership payment of {formatMoney(n.amountDue, n.currency)} is waiting for you to approve it with your bank.</p>
              </div>
              <LinkButton href={payUrl} className="shrink-0">
                Confirm payment
              </LinkButton>
            </div>
          );
        }
        return (
          <div key={n.id} role="alert" data-testid="past-due-notice" className="flex flex-col gap-3 rounded-lg bg-red-50 px-4 py-3 text-sm text-red-900 ring-1 ring-red-200 sm:flex-row sm:items-center sm:justify-between">
            <div>
              <p className="font-semibold">Your membership payment of {formatMoney(n.amountDue, n.currency)} failed.</p>
              <p className="mt-0.5">{n.message} Pay now with another card to keep your access.</p>
            </div>
            <LinkButton href={payUrl} className="shrink-0">
              Pay now
            </LinkButton>
          </div>
        );
      })}
    </div>
  );
}
