// Free trials, as Stripe runs them for `trial_period_days` on subscription create:
// - the subscription starts `trialing` (trial_start/trial_end, the first period is the trial), its
//   first invoice is $0 and paid at once, and with `payment_behavior=default_incomplete` and no
//   default card Stripe returns a `pending_setup_intent` to collect one without charging;
// - the SetupIntent succeeding saves its card as the subscription's default (and clears the pending
//   SetupIntent): customer.subscription.updated;
// - `customer.subscription.trial_will_end` three days before the trial ends (at once when the trial
//   is shorter), exactly once: it fires when the test clock crosses that moment;
// - at the trial's end the renewal (test-clock.ts) makes it `active` and charges the first real
//   invoice to the saved card (or leaves it past_due when that fails).
import type Stripe from 'stripe';
import type { RequestContext } from '../context';
import { newSetupIntent, setupHooks } from '../routes/setup-intents';
import { billingOf } from './state';

export const TRIAL_WILL_END_LEAD_SECONDS = 3 * 86400;

/** Puts a freshly built subscription on trial until `trialEnd`; the caller emits customer.subscription.created after. */
export function startTrial(ctx: RequestContext, sub: Stripe.Subscription, init: { now: number; trialEnd: number; needsCard: boolean }): void {
  sub.status = 'trialing';
  sub.trial_start = init.now;
  sub.trial_end = init.trialEnd;
  if (init.needsCard) {
    const customer = typeof sub.customer === 'string' ? sub.customer : sub.customer.id;
    const si = newSetupIntent(ctx, { customer, usage: 'off_session', description: null, metadata: {} });
    sub.pending_setup_intent = si.id;
  }
}

/** After customer.subscription.created: a trial that ends within three days is about to end already. */
export function trialWillEndAtStart(ctx: RequestContext, sub: Stripe.Subscription, now: number): void {
  if (sub.status === 'trialing' && sub.trial_end !== null && sub.trial_end - TRIAL_WILL_END_LEAD_SECONDS <= now) {
    ctx.emit('customer.subscription.trial_will_end', sub);
  }
}

/** The test clock moved from `from` to `to`: trials whose three-day mark lies in (from, to] are about to end. */
export function trialWillEndBetween(ctx: RequestContext, sub: Stripe.Subscription, from: number, to: number): void {
  if (sub.status !== 'trialing' || sub.trial_end === null) return;
  const mark = sub.trial_end - TRIAL_WILL_END_LEAD_SECONDS;
  // Trials shorter than the lead got their notice at creation (mark ≤ trial_start).
  if (sub.trial_start !== null && mark <= sub.trial_start) return;
  if (mark > from && mark <= to) ctx.emit('customer.subscription.trial_will_end', sub);
}

/** Stripe's card collection for a trial: the pending SetupIntent's card becomes the subscription's default. */
function onSetupSucceeded(ctx: RequestContext, si: Stripe.SetupIntent, pm: Stripe.PaymentMethod): void {
  for (const sub of billingOf(ctx.state).subscriptions.values()) {
    const pending = typeof sub.pending_setup_intent === 'string' ? sub.pending_setup_intent : sub.pending_setup_intent?.id;
    if (pending !== si.id) continue;
    const previous = { pending_setup_intent: pending, default_payment_method: sub.default_payment_method };
    sub.pending_setup_intent = null;
    sub.default_payment_method = pm.id;
    ctx.emit('customer.subscription.updated', sub, previous);
  }
}

setupHooks.succeeded.push(onSetupSucceeded);
