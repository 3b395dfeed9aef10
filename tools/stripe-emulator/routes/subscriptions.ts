// /v1/subscriptions: create (default_incomplete → open first invoice whose PaymentIntent secret is
// `latest_invoice.confirmation_secret`), retrieve, update (cancel_at_period_end, price change with
// prorations, default_payment_method), cancel (DELETE), list. Paying the first invoice (the browser
// confirming the secret) activates the subscription: see billing/invoice-flow.ts.
import type Stripe from 'stripe';
import { route, snapshot, type RequestContext, type Route } from '../context';
import { invalidRequest, missingParam, noSuch, StripeApiError } from '../errors';
import { applyExpand, registerExpandLookup } from '../expand';
import { mergeMetadata, optBool, optInt, optNullableString, optObject, optString, type Params } from '../form';
import { newestFirst, paginate } from '../lists';
import { addLine, buildInvoice } from '../billing/invoice-objects';
import { chargeInvoice, finalizeInvoice } from '../billing/invoice-flow';
import { prorationLines } from '../billing/proration';
import { addInterval, billingOf, clockNow } from '../billing/state';
import { buildSubscription, planOf } from '../billing/subscription-objects';
import { startTrial, trialWillEndAtStart } from '../billing/trials';
import { applyDiscounts, discountFromParams } from '../billing/discounts';
import { automaticTaxRequested, requireTaxLocation } from '../billing/tax';
import { requireCustomer } from './customers';
import { catalogOf, productNameOf } from './products';
import { requirePaymentMethod } from './payment-methods';

registerExpandLookup((state, id) => (id.startsWith('sub_') ? billingOf(state).subscriptions.get(id) : undefined));

export function requireSubscription(ctx: RequestContext, id: string, param = 'id'): Stripe.Subscription {
  const sub = billingOf(ctx.state).subscriptions.get(id);
  if (!sub) throw noSuch('subscription', id, param);
  return sub;
}

export function requireRecurringPrice(ctx: RequestContext, id: string, param: string): Stripe.Price {
  const price = catalogOf(ctx.state).prices.get(id);
  if (!price) throw noSuch('price', id, param);
  if (!price.recurring) throw invalidRequest(`The price specified is set to \`type=one_time\` but this field only accepts prices with \`type=recurring\`.`, { param });
  if (!price.active) throw invalidRequest(`The price specified is inactive. This field only accepts active prices.`, { param });
  return price;
}

function firstItem(p: Params): Params | undefined {
  const items = p.items;
  if (items === undefined) return undefined;
  if (!Array.isArray(items) || typeof items[0] !== 'object' || Array.isArray(items[0])) throw invalidRequest('Invalid array', { param: 'items' });
  return items[0];
}

export function customerIdOf(sub: Stripe.Subscription): string {
  return typeof sub.customer === 'string' ? sub.customer : sub.customer.id;
}

/** The card a renewal charges: the subscription's default, else the customer's invoice default. */
export function defaultPaymentMethodOf(ctx: RequestContext, sub: Stripe.Subscription): string | null {
  const own = sub.default_payment_method;
  if (own) return typeof own === 'string' ? own : own.id;
  const customer = ctx.state.customers.get(customerIdOf(sub));
  const pm = customer?.invoice_settings.default_payment_method;
  return pm ? (typeof pm === 'string' ? pm : pm.id) : null;
}

export function createSubscription(ctx: RequestContext): Stripe.Subscription {
  const p = ctx.params;
  const customerId = optString(p, 'customer');
  if (!customerId) throw missingParam('customer');
  const customer = requireCustomer(ctx, customerId);
  const automaticTax = automaticTaxRequested(p);
  if (automaticTax) requireTaxLocation(customer);
  const item = firstItem(p);
  const priceId = item ? optString(item, 'price') : undefined;
  if (!priceId) throw missingParam('items[0][price]');
  const price = requireRecurringPrice(ctx, priceId, 'items[0][price]');
  const quantity = (item ? optInt(item, 'quantity') : undefined) ?? 1;
  const behavior = optString(p, 'payment_behavior') ?? 'allow_incomplete';
  if (!['default_incomplete', 'allow_incomplete', 'error_if_incomplete', 'pending_if_incomplete'].includes(behavior)) {
    throw invalidRequest(`Invalid payment_behavior: ${behavior}`, { param: 'payment_behavior' });
  }
  const settings = optObject(p, 'payment_settings');
  const saveDefault = settings ? optString(settings, 'save_default_payment_method') === 'on_subscription' : false;
  const defaultPm = optString(p, 'default_payment_method');
  if (defaultPm) requirePaymentMethod(ctx, defaultPm, 'default_payment_method');
  const now = clockNow(ctx.state);
  const recurring = price.recurring;
  if (!recurring) throw invalidRequest(`The price ${price.id} is not recurring.`, { param: 'items[0][price]' });
  const trialDays = optInt(p, 'trial_period_days');
  if (trialDays !== undefined && (trialDays < 0 || trialDays > 730)) throw invalidRequest('trial_period_days must be between 0 and 730.', { param: 'trial_period_days' });
  const trialEnd = trialDays ? now + trialDays * 86400 : null;
  const periodEnd = trialEnd ?? addInterval(now, recurring.interval, recurring.interval_count);
  const sub = buildSubscription(ctx, {
    customer: customer.id,
    price,
    quantity,
    now,
    periodEnd,
    metadata: mergeMetadata({}, p),
    defaultPaymentMethod: defaultPm ?? null,
    saveDefault,
  });
  if (automaticTax) sub.automatic_tax = { disabled_reason: null, enabled: true, liability: { type: 'self' } };
  if (trialEnd !== null) {
    const hasCard = Boolean(defaultPm ?? customer.invoice_settings.default_payment_method);
    const missing = optString(optObject(optObject(p, 'trial_settings') ?? {}, 'end_behavior') ?? {}, 'missing_payment_method');
    if (missing && !['cancel', 'create_invoice', 'pause'].includes(missing)) throw invalidRequest(`Invalid missing_payment_method: ${missing}`, { param: 'trial_settings[end_behavior][missing_payment_method]' });
    if (missing === 'cancel' || missing === 'create_invoice' || missing === 'pause') sub.trial_settings = { end_behavior: { billing_cycle_anchor: 'unchanged', missing_payment_method: missing } };
    startTrial(ctx, sub, { now, trialEnd, needsCard: behavior === 'default_incomplete' && !hasCard });
  }
  discountFromParams(ctx, p, sub, customer.id);
  billingOf(ctx.state).subscriptions.set(sub.id, sub);
  const invoice = buildInvoice(ctx, { customer, currency: price.currency, subscription: sub, billingReason: 'subscription_create', period: { start: now, end: now } });
  const itemRow = sub.items.data[0];
  if (!itemRow) throw new Error('buildSubscription made a subscription without items');
  const productName = productNameOf(ctx)(price);
  addLine(ctx, invoice, {
    amount: trialEnd !== null ? 0 : (price.unit_amount ?? 0) * quantity,
    description: trialEnd !== null ? `Trial period for ${productName}` : `${quantity} × ${price.nickname ?? String(price.product)}`,
    price,
    quantity,
    period: { start: now, end: periodEnd },
    subscription: sub.id,
    subscriptionItem: itemRow.id,
  });
  applyDiscounts(ctx, sub, invoice);
  sub.latest_invoice = invoice.id;
  ctx.emit('customer.subscription.created', sub);
  trialWillEndAtStart(ctx, sub, now);
  ctx.emit('invoice.created', invoice);
  finalizeInvoice(ctx, invoice, { saveCard: saveDefault });
  if (invoice.status === 'open' && behavior !== 'default_incomplete') {
    const pm = defaultPaymentMethodOf(ctx, sub);
    const paid = pm ? chargeInvoice(ctx, invoice, pm) : false;
    if (!paid && behavior === 'error_if_incomplete') {
      throw new StripeApiError(402, { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' });
    }
  }
  return sub;
}

function changePrice(ctx: RequestContext, sub: Stripe.Subscription, itemParams: Params, previous: Record<string, unknown>): void {
  const itemId = optString(itemParams, 'id');
  const item = itemId ? sub.items.data.find((i) => i.id === itemId) : sub.items.data[0];
  if (!item) throw invalidRequest(`No such subscription item: '${itemId ?? ''}'`, { param: 'items[0][id]', status: 404 });
  const priceId = optString(itemParams, 'price');
  if (!priceId || priceId === item.price.id) return;
  const price = requireRecurringPrice(ctx, priceId, 'items[0][price]');
  if (price.currency !== sub.currency) throw invalidRequest('The price currency must match the subscription currency.', { param: 'items[0][price]' });
  const behavior = optString(ctx.params, 'proration_behavior') ?? 'create_prorations';
  const now = clockNow(ctx.state);
  const lines = behavior === 'none' ? [] : prorationLines(item, price, optInt(ctx.params, 'proration_date') ?? now, sub.id, productNameOf(ctx));
  previous.items = snapshot(sub.items);
  item.price = price;
  item.plan = planOf(price);
  if (lines.length === 0) return;
  if (behavior === 'always_invoice') {
    const customer = requireCustomer(ctx, customerIdOf(sub));
    const invoice = buildInvoice(ctx, { customer, currency: sub.currency, subscription: sub, billingReason: 'subscription_update' });
    for (const line of lines) addLine(ctx, invoice, line);
    previous.latest_invoice = sub.latest_invoice;
    sub.latest_invoice = invoice.id;
    ctx.emit('invoice.created', invoice);
    finalizeInvoice(ctx, invoice);
    if (invoice.status === 'open') chargeInvoice(ctx, invoice, defaultPaymentMethodOf(ctx, sub));
  } else {
    // create_prorations: pending items, billed with the next renewal.
    const pending = billingOf(ctx.state).pendingProrations;
    pending.set(sub.id, [...(pending.get(sub.id) ?? []), ...lines]);
  }
}

function update(ctx: RequestContext, id: string): Stripe.Subscription {
  const sub = requireSubscription(ctx, id);
  if (sub.status === 'canceled' || sub.status === 'incomplete_expired') {
    throw invalidRequest(`A canceled subscription can only update its cancellation_details and metadata.`, { code: 'resource_missing' });
  }
  const p = ctx.params;
  const previous: Record<string, unknown> = {};
  const cancelAtEnd = optBool(p, 'cancel_at_period_end');
  if (cancelAtEnd !== undefined && cancelAtEnd !== sub.cancel_at_period_end) {
    previous.cancel_at_period_end = sub.cancel_at_period_end;
    previous.cancel_at = sub.cancel_at;
    sub.cancel_at_period_end = cancelAtEnd;
    sub.cancel_at = cancelAtEnd ? Math.max(...sub.items.data.map((i) => i.current_period_end)) : null;
    sub.canceled_at = cancelAtEnd ? clockNow(ctx.state) : null;
  }
  const pm = optNullableString(p, 'default_payment_method');
  if (pm !== undefined) {
    if (pm) requirePaymentMethod(ctx, pm, 'default_payment_method');
    previous.default_payment_method = sub.default_payment_method;
    sub.default_payment_method = pm;
  }
  if (p.metadata !== undefined) {
    previous.metadata = sub.metadata;
    sub.metadata = mergeMetadata(sub.metadata, p);
  }
  const item = firstItem(p);
  if (item) changePrice(ctx, sub, item, previous);
  if (Object.keys(previous).length > 0) ctx.emit('customer.subscription.updated', sub, previous);
  return sub;
}

export function cancelNow(ctx: RequestContext, sub: Stripe.Subscription, at = clockNow(ctx.state)): Stripe.Subscription {
  if (sub.status === 'canceled') throw invalidRequest(`This subscription is already canceled.`, { code: 'resource_missing' });
  sub.status = 'canceled';
  sub.canceled_at = sub.canceled_at ?? at;
  sub.ended_at = at;
  sub.cancellation_details = { comment: null, feedback: null, feedback_option: null, reason: 'cancellation_requested' };
  ctx.emit('customer.subscription.deleted', sub);
  return sub;
}

function list(ctx: RequestContext): Stripe.ApiList<Stripe.Subscription> {
  const customer = optString(ctx.params, 'customer');
  const status = optString(ctx.params, 'status');
  const price = optString(ctx.params, 'price');
  const items = newestFirst(billingOf(ctx.state).subscriptions).filter(
    (s) =>
      (customer === undefined || customerIdOf(s) === customer) &&
      (status === 'all' || (status === undefined ? s.status !== 'canceled' : s.status === status)) &&
      (price === undefined || s.items.data.some((i) => i.price.id === price)),
  );
  return paginate(items, ctx.params, '/v1/subscriptions');
}

const expanded = <T>(ctx: RequestContext, body: T) => applyExpand(ctx.state, body, ctx.params);

export const subscriptionRoutes: Route[] = [
  route('POST', '/v1/subscriptions', (ctx) => expanded(ctx, createSubscription(ctx))),
  route('GET', '/v1/subscriptions', (ctx) => expanded(ctx, list(ctx))),
  route('GET', '/v1/subscriptions/:id', (ctx, id) => expanded(ctx, requireSubscription(ctx, id))),
  route('POST', '/v1/subscriptions/:id', (ctx, id) => expanded(ctx, update(ctx, id))),
  route('DELETE', '/v1/subscriptions/:id', (ctx, id) => expanded(ctx, cancelNow(ctx, requireSubscription(ctx, id)))),
];
