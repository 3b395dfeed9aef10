import type { Db } from "@/db/client";
import { currentPlatformStatus } from "@/db/queries/platform-billing";

/**
 * A tenant's standing with the platform, derived from its current platform subscription — which only
 * platform webhooks write (lib/platform-billing/webhooks), so this status moves only when Stripe
 * says so: trialing → active → past_due → suspended → canceled.
 *
 * - `none`: never subscribed (organisations from before platform billing, or a sign-up that has not
 *   paid yet). `incomplete`: a first payment is in progress.
 * - `past_due`: a renewal failed and Stripe is retrying. Nothing is blocked yet; admins see a notice
 *   on every admin page and get an e-mail (invoice.payment_failed).
 * - `suspended`: Stripe gave up retrying (`unpaid`, per the account's "Manage failed payments"
 *   setting) or paused the subscription. `canceled`: the plan ended.
 *
 * What `suspended` and `canceled` block is exactly what an operator's suspension blocks
 * (lib/platform/tenant-status.ts, assertTenantTakesPayments): new member payments, subscriptions,
 * Checkout Sessions, plan changes and new admin invoices. Members still sign in and see all their
 * history; admins keep every setting and this billing page, so they can pay and come back: paying
 * the open invoice makes Stripe send the events that return the status to active.
 */
export type PlatformBillingStatus = "none" | "incomplete" | "trialing" | "active" | "past_due" | "suspended" | "canceled";

export function billingStatusOf(stripeStatus: string | null | undefined): PlatformBillingStatus {
  switch (stripeStatus) {
    case undefined:
    case null:
      return "none";
    case "trialing":
    case "active":
    case "past_due":
    case "incomplete":
      return stripeStatus;
    case "unpaid":
    case "paused":
      return "suspended";
    case "canceled":
    case "incomplete_expired":
      return "canceled";
    default:
      return "none";
  }
}

export const BILLING_BLOCKS_PAYMENTS: ReadonlySet<PlatformBillingStatus> = new Set(["suspended", "canceled"]);

export async function tenantBillingStatus(db: Db, { tenantId }: { tenantId: string }): Promise<PlatformBillingStatus> {
  return billingStatusOf(await currentPlatformStatus(db, { tenantId }));
}


export const BILLING_LABELS: Record<PlatformBillingStatus, string> = {
  none: "No plan",
  incomplete: "Awaiting payment",
  trialing: "Trial",
  active: "Active",
  past_due: "Past due",
  suspended: "Suspended (unpaid)",
  canceled: "Canceled",
};

/** A stored status (history rows keep it as text) back as the type; anything unknown reads as none. */
export function asBillingStatus(text: string): PlatformBillingStatus {
  return Object.hasOwn(BILLING_LABELS, text) ? (text as PlatformBillingStatus) : "none";
}
