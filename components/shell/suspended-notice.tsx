import type { Role } from "@/lib/domain-types";

/**
 * Shown on every page of a suspended portal. Admins learn why and what to do; members only that
 * new payments are paused (the operator's reason is between MemberPulse and the organisation).
 */
export function SuspendedNotice({ role, reason }: { role: Role; reason: string | null }) {
  return (
    <div role="status" data-testid="suspended-notice" className="mb-6 rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-950 ring-1 ring-amber-300">
      {role === "ROLE_CLIENT_ADMIN" ? (
        <>
          <p className="font-semibold">This portal is suspended by MemberPulse: it cannot take new payments.</p>
          {reason ? <p className="mt-1">Reason given: “{reason}”</p> : null}
          <p className="mt-1">
            Members can still sign in and see their history, cancel subscriptions and pay invoices already issued. New payments, subscriptions,
            plan changes and invoices are refused until MemberPulse reactivates the portal: contact MemberPulse support to resolve it.
          </p>
        </>
      ) : (
        <p>This portal is not taking new payments at the moment. Your history, receipts and invoices are still here.</p>
      )}
    </div>
  );
}
