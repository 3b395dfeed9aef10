// Stripe's "Manage failed payments" settings for subscriptions (Dashboard › Billing › Revenue
// recovery), opt-in per account through POST /_emulator/accounts/{id}/subscription-settings:
// after a renewal's charge fails, retry it `retries` times, `retryIntervalSeconds` apart (on the
// test clock), then mark the subscription unpaid, cancel it, or leave it past_due. Without
// settings the emulator behaves as before: past_due, with a next attempt announced but never made.
import type Stripe from 'stripe';
import type { RequestContext } from '../context';
import { cancelNow, defaultPaymentMethodOf } from '../routes/subscriptions';
import type { StoredInvoice } from './invoice-objects';
import { billingOf, clockNow } from './state';

export type AfterRetries = 'mark_unpaid' | 'cancel' | 'leave_past_due';
export interface DunningSettings {
  retries: number;
  retryIntervalSeconds: number;
  afterRetries: AfterRetries;
}

const AFTER: readonly AfterRetries[] = ['mark_unpaid', 'cancel', 'leave_past_due'];
const DAY = 86400;

/** Validates the control route's body ({retries?, retry_interval_days?|retry_interval_seconds?, after_retries?}); a string is the error. */
export function parseDunningSettings(body: Record<string, unknown>): DunningSettings | string {
  const retries = body.retries === undefined ? 3 : Number(body.retries);
  if (!Number.isInteger(retries) || retries < 0 || retries > 8) return 'retries must be a whole number from 0 to 8 (Stripe allows up to 8 attempts)';
  const seconds = body.retry_interval_seconds !== undefined ? Number(body.retry_interval_seconds) : (body.retry_interval_days === undefined ? 3 : Number(body.retry_interval_days)) * DAY;
  if (!Number.isFinite(seconds) || seconds < 1) return 'retry_interval_days (or retry_interval_seconds) must be positive';
  const after = body.after_retries === undefined ? 'mark_unpaid' : body.after_retries;
  if (typeof after !== 'string' || !AFTER.includes(after as AfterRetries)) return `after_retries must be one of ${AFTER.join(', ')}`;
  return { retries, retryIntervalSeconds: Math.floor(seconds), afterRetries: after as AfterRetries };
}

/**
 * After a failed attempt on a renewal invoice (the subscription's latest): sets when the next retry
 * happens (null once retries are used up) and returns the final step to take after the invoice's
 * payment_failed and the past_due update have been sent — or null when there is none (no settings,
 * or retries left). Without settings the caller's default schedule stays.
 */
export function afterFailedRenewalAttempt(ctx: RequestContext, invoice: StoredInvoice, sub: Stripe.Subscription, markUnpaid: () => void): (() => void) | null {
  const settings = billingOf(ctx.state).dunning;
  if (!settings) return null;
  if (invoice.attempt_count <= settings.retries) {
    invoice.next_payment_attempt = clockNow(ctx.state) + settings.retryIntervalSeconds;
    return null;
  }
  invoice.next_payment_attempt = null;
  if (settings.afterRetries === 'mark_unpaid') return markUnpaid;
  if (settings.afterRetries === 'cancel') return () => void cancelNow(ctx, sub);
  return null;
}

/**
 * The retries that fall due by `now` for a past_due subscription's open latest invoice, each
 * charged to the subscription's default card; a card that works settles it (invoice.paid →
 * active), a decline schedules the next one or takes the final step.
 */
export function runDueRetries(ctx: RequestContext, sub: Stripe.Subscription, now: number, charge: (invoice: StoredInvoice, pm: string | null) => boolean): void {
  if (!billingOf(ctx.state).dunning || sub.status !== 'past_due' || typeof sub.latest_invoice !== 'string') return;
  const invoice = billingOf(ctx.state).invoices.get(sub.latest_invoice);
  for (let i = 0; i < 9 && invoice && invoice.status === 'open' && sub.status === 'past_due'; i++) {
    const due = invoice.next_payment_attempt;
    if (due === null || due > now) return;
    if (charge(invoice, defaultPaymentMethodOf(ctx, sub))) return;
  }
}
