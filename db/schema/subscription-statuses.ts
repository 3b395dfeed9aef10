/**
 * The sets of Stripe subscription statuses our rules are written in, in ONE place. They live beside
 * the schema because queries filter on them (db/ may not import lib/); lib/subscriptions/statuses.ts
 * re-exports them with the helpers pages and services use, and lib/webhooks/ordering.ts takes its
 * terminal set from here.
 */

/** Give access to the plan's entitlements. */
export const ENTITLING_SUBSCRIPTION_STATUSES = ["active", "trialing"] as const;

/** The member holds the plan: a second subscription to it is refused (409). */
export const HOLDING_SUBSCRIPTION_STATUSES = ["active", "trialing", "past_due", "unpaid", "paused"] as const;

/** Still renewing: the member may change plan or cancel at the period's end. */
export const RUNNING_SUBSCRIPTION_STATUSES = ["active", "trialing", "past_due"] as const;

/** Stripe's terminal statuses: the subscription is history and never changes again. */
export const ENDED_SUBSCRIPTION_STATUSES = ["canceled", "incomplete_expired"] as const;
