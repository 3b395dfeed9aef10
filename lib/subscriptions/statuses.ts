import { ENDED_SUBSCRIPTION_STATUSES, ENTITLING_SUBSCRIPTION_STATUSES, HOLDING_SUBSCRIPTION_STATUSES, RUNNING_SUBSCRIPTION_STATUSES } from "@/db/schema/subscription-statuses";

// The sets themselves are defined once in db/schema/subscription-statuses.ts.
const within = (set: readonly string[]) => (status: string | null | undefined) => set.includes(status ?? "");

/** The member holds the plan: a second subscription to it is refused (409). */
export const holdsPlan = within(HOLDING_SUBSCRIPTION_STATUSES);
/** The subscription is history (listed as past, never changed again). */
export const hasEnded = within(ENDED_SUBSCRIPTION_STATUSES);
/** Still renewing: plan changes and cancel-at-period-end apply. */
export const isRunning = within(RUNNING_SUBSCRIPTION_STATUSES);
/** Gives access to the plan's entitlements. */
export const entitles = within(ENTITLING_SUBSCRIPTION_STATUSES);

export type StatusGuidance = { label: string; tone: "ok" | "warn" | "bad" | "muted"; advice: string };

/** Every Stripe subscription status, with what the member should do about it. */
export const STATUS_GUIDANCE: Record<string, StatusGuidance> = {
  incomplete: { label: "Awaiting payment", tone: "warn", advice: "Your first payment has not gone through yet. Finish paying to start your membership." },
  trialing: { label: "Trial", tone: "ok", advice: "You are in your free trial. Your card is charged when the trial ends." },
  active: { label: "Active", tone: "ok", advice: "Your membership is active. Nothing to do." },
  past_due: { label: "Past due", tone: "bad", advice: "Your last renewal payment failed. Pay now to keep your access." },
  canceled: { label: "Canceled", tone: "muted", advice: "This membership has ended. Subscribe again from Billing whenever you like." },
  unpaid: { label: "Unpaid", tone: "bad", advice: "Renewal payments kept failing, so access is paused. Pay the open invoice to restore it." },
  incomplete_expired: { label: "Expired", tone: "muted", advice: "The first payment was never completed, so this signup expired. Subscribe again to join." },
  paused: { label: "Paused", tone: "muted", advice: "Your membership is paused. Contact the organisation to resume it." },
};

/** The projection may not have arrived yet right after subscribing: show that honestly. */
export function guidanceFor(status: string | null): StatusGuidance {
  if (!status) return { label: "Processing", tone: "warn", advice: "We are waiting for Stripe to confirm this subscription. This page updates by itself." };
  return STATUS_GUIDANCE[status] ?? { label: status, tone: "muted", advice: "Contact the organisation if this looks wrong." };
}
