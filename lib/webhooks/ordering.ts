import { ENDED_SUBSCRIPTION_STATUSES } from "@/db/schema/subscription-statuses";

/**
 * ORDER SAFETY — the one place that states how each projection treats late, duplicated and
 * out-of-order Stripe events. Every projection row carries a watermark: `last_event_created`
 * (Stripe's `created`, one-second resolution) and `last_event_id`.
 *
 * For an incoming snapshot of an object (the event's `data.object`) against its existing row:
 *   1. No row yet                         → apply (insert).
 *   2. Same event id as the watermark     → apply again (a replay writes the same values: idempotent).
 *   3. Row is in a TERMINAL status and the
 *      snapshot's status differs          → skip. Terminal states never regress.
 *   4. snapshot created > watermark       → apply.
 *   5. snapshot created < watermark       → skip: an older snapshot never overwrites a newer one.
 *   6. same second, different event       → tie: `created` cannot order them, so retrieve the object
 *                                           from Stripe and project THAT, with the watermark raised
 *                                           to max(created, now) (the retrieved copy is at least as
 *                                           new as any event created before the retrieval) — unless
 *                                           the copy is a stub without fields (a deleted customer or
 *                                           product): then the watermark stays at `created`, fields
 *                                           are kept, and the object's later events still apply.
 *                                           The retrieval never happens inside a transaction: the
 *                                           attempt rolls back, retrieves, and runs again
 *                                           (process-event.ts). If it fails the event fails (500)
 *                                           and Stripe retries.
 *
 * Both executors follow these rules from one declaration per projection (projection.ts):
 * fast-path.ts applies rules 1, 3 and 4 inside one SQL statement (an upsert whose update condition is
 * rule 4 unless rule 3) and hands every other case to apply.ts, which calls decideOrdering() below in
 * a transaction; tests/integration/webhook-fast-path.test.ts checks that both end in the same rows.
 *
 * Per table (terminal statuses; other transitions follow `created`; Stripe statuses are verbatim):
 *   payments (PaymentIntent)       requires_* / processing → succeeded | canceled   (terminal)
 *                                  amount_refunded only grows (GREATEST), whatever the order; a
 *                                  refund seen before its payment creates a stub row (status null,
 *                                  watermark 0) holding the refunded amount, which the payment's own
 *                                  events then fill.
 *   checkout_sessions              open → complete | expired                         (terminal)
 *   refunds                        pending / requires_action → succeeded | failed | canceled (terminal)
 *                                  except succeeded → failed: Stripe reports a refund that the card's
 *                                  bank later returned (refund.updated / refund.failed after success).
 *                                  failed never goes back, so a late "succeeded" is skipped. The
 *                                  payment's effective refunded amount leaves failed refunds out
 *                                  (db/queries/refunded-total.ts).
 *   subscriptions                  incomplete / trialing / active / past_due / unpaid / paused
 *                                  → canceled | incomplete_expired                   (terminal)
 *                                  items are replaced with the applied snapshot's items; periods
 *                                  come from the items (API basil+).
 *   invoices                       draft → open → uncollectible → paid | void         (terminal)
 *                                  stripe_payment_intent_id comes only from invoice_payment.paid
 *                                  (events never include invoice.payments) and snapshots never
 *                                  blank it; seen before the invoice, it leaves a stub row.
 *   stripe_customers               "active" → "deleted" (customer.deleted)           (terminal)
 *                                  a deleted stub retrieved for a tie keeps the fields we had.
 *   payment_methods                "attached" → "detached" (a detached method cannot be reused) (terminal)
 *                                  stripe_customer_id is never lost: a detach names the customer
 *                                  in previous_attributes, and an older attach that is skipped
 *                                  still fills a missing customer (Projection.fillIfNull).
 *   stripe_unmanaged_objects       "active" <-> "archived" → "deleted"               (terminal)
 *                                  products/prices made in the Dashboard; same watermark rules.
 *   disputes                       warning_* / needs_response / under_review → won | lost |
 *                                  warning_closed | prevented                         (terminal)
 *                                  charge.dispute.funds_withdrawn/funds_reinstated carry the same
 *                                  status with a new balance: a newer snapshot of a closed dispute in
 *                                  the same terminal status still applies (funds reinstated after
 *                                  "won"), a snapshot that would reopen it never does.
 *   stripe_promotion_states        promotion codes "active" <-> "inactive"; coupons "valid" <->
 *                                  "invalid" → "deleted" (coupon.deleted)             (terminal)
 *                                  a deleted coupon retrieved for a tie is a stub (404 → deleted).
 *
 * Side effects follow the projection they hang on, never the raw event:
 *   billing_notices                opened/updated by invoice.payment_failed only when the invoice
 *                                  projection APPLIED that event (or a tie's retrieved copy), with
 *                                  the applied copy's attempt count and amount: an older attempt
 *                                  never overwrites a newer message, and a failure after the invoice
 *                                  was paid opens nothing. Resolving (paid/void) is idempotent.
 *   credit ledger                  grants, clawbacks and referral decisions of one PaymentIntent run
 *                                  one at a time (an advisory lock per PaymentIntent, taken first in
 *                                  the transaction), each keyed so that it happens once: the ledger
 *                                  ends equal to what Stripe's final state implies, in any order.
 *   card_fingerprints              facts, not state: one row per charge (charge.succeeded) or
 *                                  PaymentMethod (payment_method.attached) naming its card's
 *                                  fingerprint, customer and PaymentIntent; inserted once and never
 *                                  changed (a card's fingerprint is fixed), so duplicates and any
 *                                  order end in the same rows.
 *   promotion_codes.active         the portal's code follows Stripe's `active` only when the
 *                                  promotion projection APPLIED the event (a Dashboard switch-off
 *                                  stops the code in the portal; an older event changes nothing).
 *   referral guard                 a referred member's qualifying first purchase is checked against
 *                                  the card and customer that paid (lib/credits/referral-guard.ts).
 *                                  No payment event carries the fingerprint: it comes from
 *                                  card_fingerprints when the payment's charge.succeeded came first,
 *                                  otherwise the PaymentMethod (after the intent, for a Checkout
 *                                  Session) is retrieved OUTSIDE the transaction exactly like a tie
 *                                  (RetrieveFirst: roll back, retrieve, run again) and recorded. The
 *                                  referrer's cards are the recorded facts of their customers and
 *                                  payments, so a referrer's own charge whose event is still in
 *                                  flight at that instant is not seen (Stripe sends it within
 *                                  seconds). Decisions of one tenant run one at a time (an advisory
 *                                  lock taken before any balance lock) and are final: rewarded or
 *                                  flagged once, whichever event of the payment comes first.
 *
 * Parents after children: rows reference each other by Stripe id strings, without foreign keys,
 * so a payment whose customer (or an invoice whose subscription) has not arrived yet is stored as is
 * and joins as soon as the parent does.
 */

/**
 * `exits`: the few ways out of a terminal status that Stripe really takes (terminal status → the
 * statuses it may still become). Everything else about the status stays final.
 */
export type OrderingRule = { table: string; terminal: readonly string[]; exits?: Readonly<Record<string, readonly string[]>> };

export const ORDERING = {
  payments: { table: "payments", terminal: ["succeeded", "canceled"] },
  checkoutSessions: { table: "checkout_sessions", terminal: ["complete", "expired"] },
  refunds: { table: "refunds", terminal: ["succeeded", "failed", "canceled"], exits: { succeeded: ["failed"] } },
  subscriptions: { table: "subscriptions", terminal: ENDED_SUBSCRIPTION_STATUSES },
  invoices: { table: "invoices", terminal: ["paid", "void"] },
  customers: { table: "stripe_customers", terminal: ["deleted"] },
  paymentMethods: { table: "payment_methods", terminal: ["detached"] },
  unmanagedObjects: { table: "stripe_unmanaged_objects", terminal: ["deleted"] },
  disputes: { table: "disputes", terminal: ["won", "lost", "warning_closed", "prevented"] },
  promotions: { table: "stripe_promotion_states", terminal: ["deleted"] },
} as const satisfies Record<string, OrderingRule>;

export type Watermark = { status: string | null; lastEventCreated: number; lastEventId: string };
export type IncomingSnapshot = { status: string | null; created: number; eventId: string };
export type OrderingDecision = "apply" | "skip" | "resolve_tie";

export function decideOrdering(rule: OrderingRule, existing: Watermark | null, incoming: IncomingSnapshot): OrderingDecision {
  if (!existing) return "apply";
  if (existing.lastEventId === incoming.eventId) return "apply";
  if (isTerminal(rule, existing.status) && incoming.status !== existing.status && !mayLeave(rule, existing.status, incoming.status)) return "skip";
  if (incoming.created > existing.lastEventCreated) return "apply";
  if (incoming.created < existing.lastEventCreated) return "skip";
  return "resolve_tie";
}

export function isTerminal(rule: OrderingRule, status: string | null): boolean {
  return status !== null && rule.terminal.includes(status);
}

/** Whether a terminal status may still become `next` (rule.exits). */
export function mayLeave(rule: OrderingRule, status: string | null, next: string | null): boolean {
  if (status === null || next === null) return false;
  return rule.exits?.[status]?.includes(next) ?? false;
}

/** The terminal statuses a snapshot in `incoming` status may not replace (fast-path.ts's update condition). */
export function blockingTerminals(rule: OrderingRule, incoming: string | null): string[] {
  return rule.terminal.filter((t) => !mayLeave(rule, t, incoming));
}

/** The watermark to store with a snapshot retrieved from Stripe to settle a tie (rule 6). */
export function tieWatermark(created: number, nowSeconds = Math.floor(Date.now() / 1000)): number {
  return Math.max(created, nowSeconds);
}
