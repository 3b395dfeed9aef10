import Link from "next/link";
import type { Role } from "@/lib/domain-types";
import type { PlatformBillingStatus } from "@/lib/platform-billing/billing-status";

/**
 * On every page while the organisation's MemberPulse plan is in trouble. Admins are told what
 * happens and where to fix it; members only hear about it once new payments are actually paused.
 */
export function BillingNotice({ slug, role, status }: { slug: string; role: Role; status: PlatformBillingStatus }) {
  const paused = status === "suspended" || status === "canceled";
  if (!paused && status !== "past_due") return null;
  if (role !== "ROLE_CLIENT_ADMIN") {
    if (!paused) return null;
    return (
      <div role="status" data-testid="billing-notice" className="mb-6 rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-950 ring-1 ring-amber-300">
        <p>This portal is not taking new payments at the moment. Your history, receipts and invoices are still here.</p>
      </div>
    );
  }
  return (
    <div role="status" data-testid="billing-notice" className="mb-6 rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-950 ring-1 ring-amber-300">
      <p className="font-semibold">
        {status === "past_due"
          ? "Your portal's payment to MemberPulse failed."
          : status === "suspended"
            ? "This portal is paused: its MemberPulse plan is unpaid."
            : "This portal's MemberPulse plan has ended."}
      </p>
      <p className="mt-1">
        {status === "past_due"
          ? "Nothing is blocked yet while Stripe retries. If it stays unpaid, new member payments stop. "
          : "Members can still sign in and see their history; new payments, subscriptions and invoices are refused. "}
        <Link href={`/${slug}/settings/billing`} className="font-medium text-brand-700 underline">
          {status === "canceled" ? "Choose a plan" : "Pay the open invoice"}
        </Link>
        .
      </p>
    </div>
  );
}
