// Builders for Stripe-shaped subscriptions and their items. Since API basil the billing period lives
// on each item (`items.data[i].current_period_start/end`), not on the subscription.
import type Stripe from 'stripe';
import type { RequestContext } from '../context';
import { newId } from '../ids';

/** The legacy Plan mirror of a recurring price (still required on subscription items). */
export function planOf(price: Stripe.Price): Stripe.Plan {
  return {
    id: price.id,
    object: 'plan',
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: null,
    billing_scheme: 'per_unit',
    created: price.created,
    currency: price.currency,
    interval: price.recurring?.interval ?? 'month',
    interval_count: price.recurring?.interval_count ?? 1,
    livemode: price.livemode,
    metadata: price.metadata,
    meter: null,
    nickname: price.nickname,
    product: price.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: 'licensed',
  };
}

export function buildItem(ctx: RequestContext, subscriptionId: string, price: Stripe.Price, quantity: number, period: { start: number; end: number }): Stripe.SubscriptionItem {
  return {
    id: newId('si'),
    object: 'subscription_item',
    billing_thresholds: null,
    created: period.start,
    current_period_end: period.end,
    current_period_start: period.start,
    current_trial: null,
    discounts: [],
    metadata: {},
    plan: planOf(price),
    price,
    quantity,
    subscription: subscriptionId,
    tax_rates: [],
  };
}

export function buildSubscription(
  ctx: RequestContext,
  init: { customer: string; price: Stripe.Price; quantity: number; now: number; periodEnd: number; metadata: Record<string, string>; defaultPaymentMethod: string | null; saveDefault: boolean },
): Stripe.Subscription {
  const id = newId('sub');
  const sub: Stripe.Subscription = {
    id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: init.now,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: 'flexible', updated_at: init.now },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: 'charge_automatically',
    created: init.now,
    currency: init.price.currency,
    customer: init.customer,
    customer_account: null,
    days_until_due: null,
    default_payment_method: init.defaultPaymentMethod,
    default_source: null,
    description: null,
    discounts: [],
    ended_at: null,
    invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: 'self' } },
    items: { object: 'list', data: [buildItem(ctx, id, init.price, init.quantity, { start: init.now, end: init.periodEnd })], has_more: false, url: `/v1/subscription_items?subscription=${id}` },
    latest_invoice: null,
    livemode: ctx.livemode,
    managed_payments: null,
    metadata: init.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: {
      payment_method_options: null,
      payment_method_types: null,
      save_default_payment_method: init.saveDefault ? 'on_subscription' : 'off',
    },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: init.now,
    status: 'incomplete',
    test_clock: null,
    transfer_data: null,
    trial_end: null,
    trial_settings: { end_behavior: { billing_cycle_anchor: 'unchanged', missing_payment_method: 'create_invoice' } },
    trial_start: null,
  };
  return sub;
}

export function periodEndOf(sub: Stripe.Subscription): number {
  return Math.max(...sub.items.data.map((i) => i.current_period_end));
}
