import { LinkButton } from "@/components/ui/button";
import type { PlatformBillingStatus } from "@/lib/platform-billing/billing-status";
import { formatMoney } from "@/lib/money";

type Owed = {
  totals: { amount: number; currency: string }[];
  payFirst: { stripeInvoiceId: string; number: string | null; since: Date; lastPaymentError: string | null };
};

const day = (d: Date) => d.toLocaleDateString("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });

/**
 * The billing page's lead when the portal is past due or suspended: what is owed, why, and one way
 * to pay it. Paying makes Stripe send the events that return the portal to active.
 */
export function AmountDueCard({ slug, status, owed }: { slug: string; status: PlatformBillingStatus; owed: Owed }) {
  const total = owed.totals.map((t) => formatMoney(t.amount, t.currency)).join(" + ");
  return (
    <section
      aria-labelledby="amount-due-title"
      data-testid="amount-due-card"
      className="mb-6 flex flex-wrap items-center justify-between gap-4 rounded-lg bg-red-50 px-4 py-4 ring-1 ring-red-200 sm:px-6"
    >
      <div className="min-w-0">
        <h2 id="amount-due-title" className="text-base font-semibold text-red-900">
          {total} is due
        </h2>
        <p className="mt-1 text-sm text-red-900">
          {status === "suspended"
            ? "Stripe could not collect this portal's plan, so the portal is suspended: members cannot make new payments until it is paid."
            : "The last payment for this portal's plan failed. Stripe will retry; pay now to keep the portal taking payments."}
        </p>
        <p className="mt-1 break-words text-xs text-red-800">
          Invoice {owed.payFirst.number ?? owed.payFirst.stripeInvoiceId} of {day(owed.payFirst.since)}
          {owed.payFirst.lastPaymentError ? ` · ${owed.payFirst.lastPaymentError}` : ""}
        </p>
      </div>
      <LinkButton href={`/${slug}/settings/billing/invoices/${owed.payFirst.stripeInvoiceId}/pay`} className="w-full sm:w-auto">
        Pay now
      </LinkButton>
    </section>
  );
}
