// /v1/prices: create, retrieve, update, list (active / product / type filters). As in Stripe, a
// price's amount, currency and recurrence never change: update accepts only active, metadata,
// nickname and lookup_key and answers 400 for anything else. Emits price.created/updated.
import type Stripe from 'stripe';
import { route, snapshot, type RequestContext, type Route } from '../context';
import { invalidRequest, missingParam, noSuch } from '../errors';
import { mergeMetadata, optBool, optInt, optNullableString, optObject, optString, type Params, optEnum } from '../form';
import { newId, nowSeconds } from '../ids';
import { newestFirst, paginate } from '../lists';
import { catalogOf, requireProduct } from './products';
import { applyExpand, registerExpandLookup } from '../expand';

// price.product (and a subscription item's price) can be expanded like any other reference.
registerExpandLookup((state, id) => (id.startsWith('prod_') ? catalogOf(state).products.get(id) : id.startsWith('price_') ? catalogOf(state).prices.get(id) : undefined));

const UPDATABLE = new Set(['active', 'metadata', 'nickname', 'lookup_key', 'expand']);
const INTERVALS: readonly Stripe.Price.Recurring.Interval[] = ['day', 'week', 'month', 'year'];

function requirePrice(ctx: RequestContext, id: string): Stripe.Price {
  const price = catalogOf(ctx.state).prices.get(id);
  if (!price) throw noSuch('price', id);
  return price;
}

function recurringOf(p: Params): Stripe.Price.Recurring | null {
  const recurring = optObject(p, 'recurring');
  if (!recurring) return null;
  const interval = optEnum(recurring, 'interval', INTERVALS, 'recurring[interval]');
  if (!interval) throw missingParam('recurring[interval]');
  const count = optInt(recurring, 'interval_count') ?? 1;
  if (count < 1 || (interval === 'year' && count > 3) || (interval === 'month' && count > 36)) {
    throw invalidRequest('Invalid recurring[interval_count]: the maximum billing interval is three years.', { param: 'recurring[interval_count]' });
  }
  return { interval, interval_count: count, meter: null, trial_period_days: null, usage_type: 'licensed' };
}

function applyUpdatable(price: Stripe.Price, p: Params): Record<string, unknown> {
  const previous: Record<string, unknown> = {};
  const active = optBool(p, 'active');
  if (active !== undefined && active !== price.active) {
    previous.active = price.active;
    price.active = active;
  }
  for (const key of ['nickname', 'lookup_key'] as const) {
    const value = optNullableString(p, key);
    if (value !== undefined && value !== price[key]) {
      previous[key] = price[key];
      price[key] = value;
    }
  }
  if (p.metadata !== undefined) {
    const next = mergeMetadata(price.metadata, p);
    if (JSON.stringify(next) !== JSON.stringify(price.metadata)) {
      previous.metadata = price.metadata;
      price.metadata = next;
    }
  }
  return previous;
}

function create(ctx: RequestContext): Stripe.Price {
  const p = ctx.params;
  const currency = optString(p, 'currency');
  if (!currency) throw missingParam('currency');
  const productId = optString(p, 'product');
  if (!productId) throw missingParam('product');
  requireProduct(ctx, productId, 'product');
  const unitAmount = optInt(p, 'unit_amount');
  if (unitAmount === undefined) throw missingParam('unit_amount');
  if (unitAmount < 0) throw invalidRequest('Invalid non-negative integer', { param: 'unit_amount' });
  const recurring = recurringOf(p);
  const price: Stripe.Price = {
    id: newId('price'),
    object: 'price',
    active: true,
    billing_scheme: 'per_unit',
    created: nowSeconds(),
    currency: currency.toLowerCase(),
    custom_unit_amount: null,
    livemode: ctx.livemode,
    lookup_key: null,
    metadata: {},
    nickname: null,
    product: productId,
    recurring,
    tax_behavior: 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: recurring ? 'recurring' : 'one_time',
    unit_amount: unitAmount,
    unit_amount_decimal: null,
  };
  applyUpdatable(price, p);
  catalogOf(ctx.state).prices.set(price.id, price);
  ctx.emit('price.created', snapshot(price));
  return price;
}

function update(ctx: RequestContext, id: string): Stripe.Price {
  const price = requirePrice(ctx, id);
  for (const key of Object.keys(ctx.params)) {
    if (!UPDATABLE.has(key)) throw invalidRequest(`Received unknown parameter: ${key}`, { param: key, code: 'parameter_unknown' });
  }
  const previous = applyUpdatable(price, ctx.params);
  if (Object.keys(previous).length > 0) ctx.emit('price.updated', snapshot(price), previous);
  return price;
}

function list(ctx: RequestContext): Stripe.ApiList<Stripe.Price> {
  const active = optBool(ctx.params, 'active');
  const product = optString(ctx.params, 'product');
  const type = optString(ctx.params, 'type');
  const items = newestFirst(catalogOf(ctx.state).prices).filter(
    (price) => (active === undefined || price.active === active) && (product === undefined || price.product === product) && (type === undefined || price.type === type),
  );
  return applyExpand(ctx.state, paginate(items, ctx.params, '/v1/prices'), ctx.params);
}

export const priceRoutes: Route[] = [
  route('POST', '/v1/prices', create),
  route('GET', '/v1/prices', list),
  route('GET', '/v1/prices/:id', (ctx, id) => applyExpand(ctx.state, requirePrice(ctx, id), ctx.params)),
  route('POST', '/v1/prices/:id', update),
];
