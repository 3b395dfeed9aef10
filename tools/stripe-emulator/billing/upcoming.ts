// `invoice.upcoming`: Stripe announces a subscription's renewal a few days before it happens (the
// "Upcoming renewal events" setting; 3 days here, like trial_will_end), with a preview of the
// renewal invoice. It fires when the test clock crosses that moment, once per renewal, and never
// for a subscription set to cancel at the period's end (there is no renewal to announce).
import type Stripe from 'stripe';
import type { RequestContext } from '../context';
import { newId } from '../ids';
import { requireCustomer } from '../routes/customers';
import { applyDiscounts } from './discounts';
import { addLine, buildInvoice, type StoredInvoice } from './invoice-objects';
import { addInterval, billingOf } from './state';
import { periodEndOf } from './subscription-objects';

export const UPCOMING_LEAD_SECONDS = 3 * 86400;

const customerIdOf = (sub: Stripe.Subscription) => (typeof sub.customer === 'string' ? sub.customer : sub.customer.id);

/** The lines a renewal starting at `start` bills: each item's next period, then pending prorations. */
export function addRenewalLines(ctx: RequestContext, invoice: StoredInvoice, sub: Stripe.Subscription, start: number): void {
  for (const item of sub.items.data) {
    const qty = item.quantity ?? 1;
    const r = item.price.recurring ?? { interval: 'month' as const, interval_count: 1 };
    addLine(ctx, invoice, {
      amount: (item.price.unit_amount ?? 0) * qty,
      description: `${qty} × ${item.price.nickname ?? String(item.price.product)}`,
      price: item.price,
      quantity: qty,
      period: { start, end: addInterval(start, r.interval, r.interval_count) },
      subscription: sub.id,
      subscriptionItem: item.id,
    });
  }
  for (const line of billingOf(ctx.state).pendingProrations.get(sub.id) ?? []) addLine(ctx, invoice, line);
}

/** The renewal invoice as it will be: never stored, an `upcoming_in_` id like create_preview's. */
function previewRenewal(ctx: RequestContext, sub: Stripe.Subscription): StoredInvoice {
  const start = periodEndOf(sub);
  const customer = requireCustomer(ctx, customerIdOf(sub));
  const preview = buildInvoice(ctx, { customer, currency: sub.currency, subscription: sub, billingReason: 'upcoming', period: { start, end: start } });
  billingOf(ctx.state).invoices.delete(preview.id);
  preview.id = newId('upcoming_in');
  addRenewalLines(ctx, preview, sub, start);
  // A preview spends nothing: a `once` coupon stays on the subscription for the real renewal.
  const discounts = sub.discounts;
  applyDiscounts(ctx, sub, preview);
  sub.discounts = discounts;
  preview.next_payment_attempt = start;
  return preview;
}

/** The test clock moved from `from` to `to`: announce the current period's renewal if its mark lies in (from, to]. */
export function upcomingRenewalBetween(ctx: RequestContext, sub: Stripe.Subscription, from: number, to: number): void {
  if (sub.cancel_at_period_end || !['active', 'trialing', 'past_due'].includes(sub.status)) return;
  const mark = periodEndOf(sub) - UPCOMING_LEAD_SECONDS;
  if (mark > from && mark <= to) ctx.emit('invoice.upcoming', previewRenewal(ctx, sub));
}
