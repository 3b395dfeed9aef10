/** Statuses in which a member holds the plan: a second subscription to it is refused (409). */
export const HOLDING_STATUSES = ["active", "trialing", "past_due", "unpaid", "paused"] as const;

export function holdsPlan(status: string | null | undefined): boolean {
  return (HOLDING_STATUSES as readonly string[]).includes(status ?? "");
}

/** Stripe's terminal statuses: the subscription is history (listed as past, never changed again). */
export const ENDED_STATUSES = ["canceled", "incomplete_expired"] as const;

export function hasEnded(status: string | null | undefined): boolean {
  return (ENDED_STATUSES as readonly string[]).includes(status ?? "");
}

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
