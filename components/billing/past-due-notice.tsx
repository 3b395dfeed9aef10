import { LinkButton } from "@/components/ui/button";
import { formatMoney } from "@/lib/money";

type Notice = { id: string; stripeInvoiceId: string; amountDue: number; currency: string; message: string | null };

/** The in-app notice after a failed renewal: what happened, and "Pay now" with the Payment Element. */
export function PastDueNotice({ slug, notices }: { slug: string; notices: Notice[] }) {
  if (notices.length === 0) return null;
  return (
    <div className="mb-6 space-y-3">
      {notices.map((n) => (
        <div key={n.id} role="alert" data-testid="past-due-notice" className="flex flex-col gap-3 rounded-lg bg-red-50 px-4 py-3 text-sm text-red-900 ring-1 ring-red-200 sm:flex-row sm:items-center sm:justify-between">
          <div>
            <p className="font-semibold">Your membership payment of {formatMoney(n.amountDue, n.currency)} failed.</p>
            <p className="mt-0.5">{n.message} Pay now with another card to keep your access.</p>
          </div>
          <LinkButton href={`/${slug}/billing/invoices/${n.stripeInvoiceId}/pay`} className="shrink-0">
            Pay now
          </LinkButton>
        </div>
      ))}
    </div>
  );
}
