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
 *                                           new as any event created before the retrieval). If the
 *                                           retrieval fails the event fails (500) and Stripe retries.
 *
 * Two implementations, one rule set: lib/webhooks/fast-path.ts applies rules 1, 3 and 4 inside one SQL
 * statement (an upsert whose update condition is rule 4 unless rule 3) and hands every other case
 * to decideOrdering() below, in a transaction; tests/integration/webhook-fast-path.test.ts checks
 * that both end in the same rows.
 *
 * Terminal statuses per table (other transitions follow `created`; Stripe statuses are verbatim):
 *   payments (PaymentIntent)       requires_* / processing → succeeded | canceled   (terminal)
 *   checkout_sessions              open → complete | expired                         (terminal)
 *   refunds                        pending / requires_action → succeeded | failed | canceled (terminal)
 *                                  payments.amount_refunded only grows (GREATEST), whatever the order.
 *   subscriptions                  incomplete / trialing / active / past_due / unpaid / paused
 *                                  → canceled | incomplete_expired                   (terminal)
 *                                  items are replaced with the applied snapshot's items; periods
 *                                  come from the items (API basil+).
 *   invoices                       draft → open → uncollectible → paid | void         (terminal)
 *   stripe_customers               "active" → "deleted" (customer.deleted)           (terminal)
 *   payment_methods                "attached" → "detached" (a detached method cannot be reused) (terminal)
 *
 * Parents after children: rows reference each other by Stripe id strings, without foreign keys,
 * so a payment whose customer (or an invoice whose subscription) has not arrived yet is stored as is
 * and joins as soon as the parent does. A refund seen before its payment creates a stub payment
 * row (status null, watermark 0) holding the refunded amount; the payment's own events then fill it.
 */

export type OrderingRule = { table: string; terminal: readonly string[] };

export const ORDERING = {
  payments: { table: "payments", terminal: ["succeeded", "canceled"] },
  checkoutSessions: { table: "checkout_sessions", terminal: ["complete", "expired"] },
  refunds: { table: "refunds", terminal: ["succeeded", "failed", "canceled"] },
  subscriptions: { table: "subscriptions", terminal: ["canceled", "incomplete_expired"] },
  invoices: { table: "invoices", terminal: ["paid", "void"] },
  customers: { table: "stripe_customers", terminal: ["deleted"] },
  paymentMethods: { table: "payment_methods", terminal: ["detached"] },
  unmanagedObjects: { table: "stripe_unmanaged_objects", terminal: ["deleted"] },
} as const satisfies Record<string, OrderingRule>;

export type Watermark = { status: string | null; lastEventCreated: number; lastEventId: string };
export type IncomingSnapshot = { status: string | null; created: number; eventId: string };
export type OrderingDecision = "apply" | "skip" | "resolve_tie";

export function decideOrdering(rule: OrderingRule, existing: Watermark | null, incoming: IncomingSnapshot): OrderingDecision {
  if (!existing) return "apply";
  if (existing.lastEventId === incoming.eventId) return "apply";
  if (isTerminal(rule, existing.status) && incoming.status !== existing.status) return "skip";
  if (incoming.created > existing.lastEventCreated) return "apply";
  if (incoming.created < existing.lastEventCreated) return "skip";
  return "resolve_tie";
}

export function isTerminal(rule: OrderingRule, status: string | null): boolean {
  return status !== null && rule.terminal.includes(status);
}

/** The watermark to store with a snapshot retrieved from Stripe to settle a tie (rule 6). */
export function tieWatermark(created: number, nowSeconds = Math.floor(Date.now() / 1000)): number {
  return Math.max(created, nowSeconds);
}
