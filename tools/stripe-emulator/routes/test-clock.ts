// POST /_emulator/clock/advance {account, seconds}: moves the account's test clock forward and does
// what Stripe's billing would have done meanwhile. For each subscription whose period has ended:
// a pending cancellation ends it (customer.subscription.deleted); otherwise it renews — periods
// roll (customer.subscription.updated), a subscription_cycle invoice is created, finalized and
// charged to the default card (subscription's, else the customer's invoice default), succeeding or
// failing per test card (invoice.paid/payment_succeeded, or invoice.payment_failed → past_due; a
// card that wants 3-D Secure leaves it open with invoice.payment_action_required). Three days
// before each renewal the clock crossing that moment sends invoice.upcoming (billing/upcoming.ts).
// An incomplete subscription unpaid for 23 hours becomes incomplete_expired. With the account's
// retry settings (POST /_emulator/accounts/{id}/subscription-settings) a failed renewal is retried
// as the clock passes each attempt, then marked unpaid or canceled (billing/dunning.ts).
import type Stripe from 'stripe';
import { snapshot, type RequestContext } from '../context';
import type { EmulatorCore } from '../core';
import type { AccountState, EmulatorEvent } from '../store';
import { buildInvoice } from '../billing/invoice-objects';
import { addRenewalLines, upcomingRenewalBetween } from '../billing/upcoming';
import { chargeInvoice, finalizeInvoice, voidInvoice } from '../billing/invoice-flow';
import { addInterval, billingOf, clockNow } from '../billing/state';
import { periodEndOf } from '../billing/subscription-objects';
import { trialWillEndBetween } from '../billing/trials';
import { applyDiscounts } from '../billing/discounts';
import { runDueRetries } from '../billing/dunning';
import type { ControlResult } from './control';
import { requireCustomer } from './customers';
import { cancelNow, customerIdOf, defaultPaymentMethodOf } from './subscriptions';

const INCOMPLETE_EXPIRY_SECONDS = 23 * 3600;

function renew(ctx: RequestContext, sub: Stripe.Subscription): void {
  const start = periodEndOf(sub);
  const previousItems = snapshot(sub.items);
  for (const item of sub.items.data) {
    const r = item.price.recurring ?? { interval: 'month' as const, interval_count: 1 };
    item.current_period_start = start;
    item.current_period_end = addInterval(start, r.interval, r.interval_count);
  }
  const customer = requireCustomer(ctx, customerIdOf(sub));
  const invoice = buildInvoice(ctx, { customer, currency: sub.currency, subscription: sub, billingReason: 'subscription_cycle', period: { start, end: start } });
  addRenewalLines(ctx, invoice, sub, start);
  billingOf(ctx.state).pendingProrations.delete(sub.id);
  applyDiscounts(ctx, sub, invoice);
  const previousInvoice = sub.latest_invoice;
  sub.latest_invoice = invoice.id;
  const previous: Record<string, unknown> = { items: previousItems, latest_invoice: previousInvoice };
  // The trial is over: the subscription is active from now on, whatever its first charge does.
  if (sub.status === 'trialing') {
    previous.status = sub.status;
    sub.status = 'active';
  }
  ctx.emit('customer.subscription.updated', sub, previous);
  ctx.emit('invoice.created', invoice);
  finalizeInvoice(ctx, invoice);
  if (invoice.status === 'open') chargeInvoice(ctx, invoice, defaultPaymentMethodOf(ctx, sub));
}

function settle(ctx: RequestContext, sub: Stripe.Subscription, from: number, now: number): void {
  if (sub.status === 'incomplete') {
    if (now - sub.created < INCOMPLETE_EXPIRY_SECONDS) return;
    const latest = typeof sub.latest_invoice === 'string' ? billingOf(ctx.state).invoices.get(sub.latest_invoice) : undefined;
    if (latest?.status === 'open') voidInvoice(ctx, latest);
    sub.status = 'incomplete_expired';
    sub.ended_at = now;
    ctx.emit('customer.subscription.updated', sub, { status: 'incomplete' });
    return;
  }
  if (!['active', 'trialing', 'past_due'].includes(sub.status)) return;
  // Retries of a failed renewal fall due before the next period's renewal (billing/dunning.ts).
  runDueRetries(ctx, sub, now, (invoice, pm) => chargeInvoice(ctx, invoice, pm));
  if (!['active', 'trialing', 'past_due'].includes(sub.status)) return; // a retry paid it, or the final step ended it
  trialWillEndBetween(ctx, sub, from, now);
  // At most a year of monthly renewals per advance keeps a huge jump bounded.
  for (let i = 0; i < 12 && periodEndOf(sub) <= now; i++) {
    if (sub.cancel_at_period_end) {
      cancelNow(ctx, sub, periodEndOf(sub));
      return;
    }
    // trial_settings.end_behavior.missing_payment_method=cancel: no card by the trial's end ends it.
    if (sub.status === 'trialing' && sub.trial_settings?.end_behavior.missing_payment_method === 'cancel' && !defaultPaymentMethodOf(ctx, sub)) {
      cancelNow(ctx, sub, periodEndOf(sub));
      return;
    }
    upcomingRenewalBetween(ctx, sub, from, now);
    renew(ctx, sub);
  }
  upcomingRenewalBetween(ctx, sub, from, now);
}

const noSuchAccount = (account: unknown): ControlResult => ({ status: 404, body: { error: { type: 'invalid_request_error', message: `No such account: '${String(account)}'` } } });
const badRequest = (message: string): ControlResult => ({ status: 400, body: { error: { type: 'invalid_request_error', message } } });

/** Moves the clock to `target` (never back) and does what billing would have done by then. */
function runClockTo(core: EmulatorCore, state: AccountState, target: number): ControlResult {
  const pending: EmulatorEvent[] = [];
  const ctx = core.makeContext(state, { method: 'POST', path: '/_emulator/clock/advance', params: {} }, pending);
  const from = clockNow(state);
  billingOf(state).clockOffset += target - from;
  const now = clockNow(state);
  for (const sub of [...billingOf(state).subscriptions.values()]) settle(ctx, sub, from, now);
  setImmediate(() => core.flush(state, pending));
  return { status: 200, body: { account: state.record.id, now, frozen_time: now, events: pending.map((e) => ({ id: e.id, type: e.type })) } };
}

export function advanceClock(core: EmulatorCore, body: Record<string, unknown>): ControlResult {
  const state = typeof body.account === 'string' ? core.store.accounts.get(body.account) : undefined;
  if (!state) return noSuchAccount(body.account);
  const seconds = Number(body.seconds);
  if (!Number.isFinite(seconds) || seconds <= 0) return badRequest('seconds must be a positive number');
  return runClockTo(core, state, clockNow(state) + Math.floor(seconds));
}

/**
 * POST /_emulator/clock/set {account, frozen_time}: puts the account's test clock at a unix time,
 * never backwards (Stripe refuses that too), and runs what is due by then — also when the time is
 * the clock's present, so a caller that moved time some other way can ask for renewals that are due.
 */
export function setClock(core: EmulatorCore, body: Record<string, unknown>): ControlResult {
  const state = typeof body.account === 'string' ? core.store.accounts.get(body.account) : undefined;
  if (!state) return noSuchAccount(body.account);
  const target = Number(body.frozen_time);
  if (!Number.isInteger(target) || target <= 0) return badRequest('frozen_time must be a unix time in seconds');
  if (target < clockNow(state)) return badRequest('The test clock cannot move backwards.');
  return runClockTo(core, state, target);
}
