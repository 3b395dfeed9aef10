// /v1/checkout/sessions (endive rules: ui_mode hosted_page | embedded_page; embedded pages take
// return_url, never cancel_url; no payment_method_types), retrieve, expire, and `_complete` — what the
// customer finishing the embedded/hosted page does: pays with a test card (payment mode) or starts a
// subscription charged to it (subscription mode), then checkout.session.completed.
import type Stripe from 'stripe';
import { route, type RequestContext, type Route } from '../context';
import { invalidRequest, missingParam, noSuch } from '../errors';
import { mergeMetadata, optBool, optInt, optObject, optString, type Params } from '../form';
import { newId, nowSeconds } from '../ids';
import { confirmPaymentIntent } from '../payment-flow';
import { clientSecretFor, type AccountState } from '../store';
import { requireCustomer } from './customers';
import { requirePaymentMethod } from './payment-methods';
import { catalogOf } from './products';
import { blankPaymentIntent } from '../payment-intent-object';
import { openCheckoutSession } from '../checkout-session-object';
import { createSubscription } from './subscriptions';
import { discountOnAmount, promotionByCode, redeemablePromotion, redeemForPayment } from '../billing/discounts';
import { billingOf } from '../billing/state';
import { automaticTaxRequested, enabledAutomaticTax, exclusiveTax, requireTaxLocation, taxRateFor } from '../billing/tax';

const UI_MODES: readonly Stripe.Checkout.Session.UiMode[] = ['hosted_page', 'embedded_page', 'elements', 'form'];
const isUiMode = (value: string): value is Stripe.Checkout.Session.UiMode => (UI_MODES as readonly string[]).includes(value);
const sessions = new WeakMap<object, Map<string, Stripe.Checkout.Session>>();

function sessionsOf(ctx: RequestContext): Map<string, Stripe.Checkout.Session> {
  let map = sessions.get(ctx.state);
  if (!map) {
    map = new Map();
    sessions.set(ctx.state, map);
  }
  return map;
}

function requireSession(ctx: RequestContext, id: string): Stripe.Checkout.Session {
  const s = sessionsOf(ctx).get(id);
  if (!s) throw noSuch('checkout.session', id);
  if (ctx.keyKind === 'publishable' && optString(ctx.params, 'client_secret') !== s.client_secret) {
    throw invalidRequest('The client_secret provided does not match this Checkout Session.', { param: 'client_secret' });
  }
  return s;
}

function create(ctx: RequestContext): Stripe.Checkout.Session {
  const p = ctx.params;
  const uiMode = optString(p, 'ui_mode') ?? 'hosted_page';
  if (!isUiMode(uiMode)) throw invalidRequest(`Invalid ui_mode: must be one of ${UI_MODES.join(', ')}`, { param: 'ui_mode' });
  const mode = optString(p, 'mode');
  if (mode !== 'payment' && mode !== 'subscription') throw missingParam('mode');
  if (uiMode === 'embedded_page') {
    if (p.cancel_url !== undefined) throw invalidRequest('cancel_url is not supported with ui_mode=embedded_page; use return_url.', { param: 'cancel_url' });
    if (!optString(p, 'return_url')) throw missingParam('return_url');
  } else if (!optString(p, 'success_url')) throw missingParam('success_url');
  const items = p.line_items;
  const first = Array.isArray(items) && typeof items[0] === 'object' && !Array.isArray(items[0]) ? (items[0] as Params) : undefined;
  const priceId = first ? optString(first, 'price') : undefined;
  if (!priceId) throw missingParam('line_items[0][price]');
  const price = catalogOf(ctx.state).prices.get(priceId);
  if (!price) throw noSuch('price', priceId, 'line_items[0][price]');
  if ((mode === 'subscription') !== (price.type === 'recurring')) {
    throw invalidRequest(`The price is ${price.type} but mode is ${mode}.`, { param: 'line_items[0][price]' });
  }
  const quantity = (first ? optInt(first, 'quantity') : undefined) ?? 1;
  const customer = optString(p, 'customer') ?? null;
  const customerRecord = customer ? requireCustomer(ctx, customer) : null;
  const automaticTax = automaticTaxRequested(p);
  // Stripe Tax needs a location: the customer's address, unless the page may collect one and save it.
  const collectsAddress = optString(optObject(p, 'customer_update') ?? {}, 'address') === 'auto';
  if (automaticTax && customerRecord && !collectsAddress) requireTaxLocation(customerRecord);
  const id = newId(ctx.livemode ? 'cs_live' : 'cs_test');
  const amount = (price.unit_amount ?? 0) * quantity;
  const allowCodes = optBool(p, 'allow_promotion_codes') ?? false;
  const discountParams = Array.isArray(p.discounts) ? (p.discounts[0] as Params | undefined) : undefined;
  const promoId = discountParams ? optString(discountParams, 'promotion_code') : undefined;
  if (allowCodes && promoId) throw invalidRequest('You may only specify one of these parameters: allow_promotion_codes, discounts.', { param: 'discounts' });
  // A code given up front is checked now (and redeemed when the session completes).
  if (promoId) redeemablePromotion(ctx, promoId, 'discounts[0][promotion_code]', customer ?? '', price.currency);
  const session = openCheckoutSession({
    id,
    livemode: ctx.livemode,
    created: nowSeconds(),
    mode,
    uiMode,
    amount,
    currency: price.currency,
    customer,
    clientReferenceId: optString(p, 'client_reference_id') ?? null,
    clientSecret: uiMode === 'embedded_page' ? clientSecretFor(id) : null,
    metadata: mergeMetadata({}, p),
    successUrl: optString(p, 'success_url') ?? null,
    returnUrl: optString(p, 'return_url') ?? null,
    url: uiMode === 'hosted_page' ? `${ctx.baseUrl}/_emulator/hosted/checkout/${id}` : null,
  });
  session.allow_promotion_codes = allowCodes ? true : null;
  if (automaticTax) {
    session.automatic_tax = { ...enabledAutomaticTax(), status: customerRecord?.address?.country ? 'complete' : 'requires_location_inputs' };
    recomputeSessionTotals(ctx, session);
  }
  if (promoId) applySessionDiscount(ctx, session, promoId);
  const subscription = subscriptionDataOf(p, mode);
  // A trial: nothing is charged at checkout, so the session's total is zero (as Stripe's page shows).
  if (subscription?.trialDays) session.amount_total = 0;
  sessionsOf(ctx).set(id, session);
  lineItems.set(session, { price, quantity, ...(subscription ? { subscription } : {}) });
  return session;
}

/** `subscription_data` (subscription mode only): its trial and metadata go to the subscription created at completion. */
function subscriptionDataOf(p: Params, mode: string): SessionSubscriptionData | undefined {
  const data = optObject(p, 'subscription_data');
  if (!data) return undefined;
  if (mode !== 'subscription') throw invalidRequest('subscription_data can only be used in subscription mode.', { param: 'subscription_data' });
  const trialDays = optInt(data, 'trial_period_days');
  if (trialDays !== undefined && (trialDays < 1 || trialDays > 730)) throw invalidRequest('subscription_data[trial_period_days] must be between 1 and 730.', { param: 'subscription_data[trial_period_days]' });
  const metadata = mergeMetadata({}, data);
  return { ...(trialDays ? { trialDays } : {}), ...(Object.keys(metadata).length ? { metadata } : {}) };
}

type SessionSubscriptionData = { trialDays?: number; metadata?: Record<string, string> };
type SessionItem = { price: Stripe.Price; quantity: number; subscription?: SessionSubscriptionData };
const lineItems = new WeakMap<Stripe.Checkout.Session, SessionItem>();

export type SavedCheckout = { sessions: Map<string, Stripe.Checkout.Session>; lineItems: Map<string, SessionItem> };

/** For persistence.ts: sessions by id, and each session's line item by session id. */
export function dumpCheckout(state: AccountState): SavedCheckout {
  const all = sessions.get(state) ?? new Map<string, Stripe.Checkout.Session>();
  const items = new Map<string, SessionItem>();
  for (const [id, session] of all) {
    const item = lineItems.get(session);
    if (item) items.set(id, item);
  }
  return { sessions: all, lineItems: items };
}

export function loadCheckout(state: AccountState, saved: SavedCheckout): void {
  sessions.set(state, saved.sessions);
  for (const [id, item] of saved.lineItems) {
    const session = saved.sessions.get(id);
    if (session) lineItems.set(session, item);
  }
}

/** The session's totals with a promotion code's discount (what Stripe's page shows before paying). */
function applySessionDiscount(ctx: RequestContext, session: Stripe.Checkout.Session, promoId: string): void {
  const promo = billingOf(ctx.state).promotionCodes.get(promoId);
  const couponId = promo ? (typeof promo.promotion.coupon === 'string' ? promo.promotion.coupon : (promo.promotion.coupon?.id ?? '')) : '';
  const coupon = billingOf(ctx.state).coupons.get(couponId);
  if (!promo || !coupon) return;
  const off = discountOnAmount(coupon, session.amount_subtotal ?? 0);
  session.discounts = [{ coupon: null, promotion_code: promo.id }];
  session.total_details = { amount_discount: off, amount_shipping: 0, amount_tax: 0 };
  recomputeSessionTotals(ctx, session);
}

/** Total = subtotal − discount + Stripe Tax on the discounted amount, at the customer's address. */
function recomputeSessionTotals(ctx: RequestContext, session: Stripe.Checkout.Session): void {
  const subtotal = session.amount_subtotal ?? 0;
  const off = session.total_details?.amount_discount ?? 0;
  const customerId = typeof session.customer === 'string' ? session.customer : session.customer?.id;
  const country = customerId ? ctx.state.customers.get(customerId)?.address?.country : undefined;
  const tax = session.automatic_tax.enabled && country ? exclusiveTax(subtotal - off, taxRateFor(country)) : 0;
  if (session.automatic_tax.enabled && country) session.automatic_tax.status = 'complete';
  session.total_details = { amount_discount: off, amount_shipping: 0, amount_tax: tax };
  session.amount_total = subtotal - off + tax;
}

const promotionOf = (session: Stripe.Checkout.Session): string | undefined => {
  const ref = session.discounts?.[0]?.promotion_code;
  return typeof ref === 'string' ? ref : ref?.id;
};

/**
 * The customer completes the page with a card (`payment_method`, e.g. pm_card_visa) and, where the
 * session allows promotion codes, the code typed on the page (`promotion_code`, e.g. SPRING25).
 */
function complete(ctx: RequestContext, id: string): Stripe.Checkout.Session {
  const session = requireSession(ctx, id);
  if (session.status !== 'open') throw invalidRequest(`This Checkout Session is ${session.status}.`, { code: 'checkout_session_not_open' });
  const item = lineItems.get(session);
  if (!item) throw invalidRequest('This Checkout Session has no line items.');
  const typed = optString(ctx.params, 'promotion_code');
  if (typed) {
    if (!session.allow_promotion_codes) throw invalidRequest('This Checkout Session does not accept promotion codes.', { param: 'promotion_code' });
    const promo = promotionByCode(ctx, typed);
    if (!promo) throw invalidRequest('This code is invalid.', { param: 'promotion_code' });
    redeemablePromotion(ctx, promo.id, 'promotion_code', typeof session.customer === 'string' ? session.customer : '', session.currency ?? 'usd');
    applySessionDiscount(ctx, session, promo.id);
  }
  const promoId = promotionOf(session);
  if (session.automatic_tax.enabled) {
    // The customer's address may have been saved since the session was created (customer_update).
    recomputeSessionTotals(ctx, session);
    if (session.automatic_tax.status !== 'complete') {
      throw invalidRequest('Enter a billing address: tax cannot be calculated without one.', { code: 'customer_tax_location_invalid' });
    }
  }
  const pm = requirePaymentMethod(ctx, optString(ctx.params, 'payment_method') ?? 'pm_card_visa');
  const saved = ctx.params;
  try {
    if (session.mode === 'payment') {
      if (promoId) redeemForPayment(ctx, redeemablePromotion(ctx, promoId, 'discounts[0][promotion_code]', typeof session.customer === 'string' ? session.customer : '', session.currency ?? 'usd').promo);
      const created = createIntent(ctx, session);
      ctx.params = { payment_method: pm.id };
      confirmPaymentIntent(ctx, created);
      session.payment_intent = created.id;
    } else {
      const customer = typeof session.customer === 'string' ? session.customer : null;
      if (!customer) throw invalidRequest('Subscription-mode sessions in the emulator need a customer.', { param: 'customer' });
      if (!pm.customer) pm.customer = customer;
      ctx.params = {
        customer,
        items: [{ price: item.price.id, quantity: String(item.quantity) }],
        payment_behavior: 'error_if_incomplete',
        default_payment_method: pm.id,
        ...(promoId ? { discounts: [{ promotion_code: promoId }] } : {}),
        ...(item.subscription?.trialDays ? { trial_period_days: String(item.subscription.trialDays) } : {}),
        ...(item.subscription?.metadata ? { metadata: item.subscription.metadata } : {}),
        ...(session.automatic_tax.enabled ? { automatic_tax: { enabled: 'true' } } : {}),
      };
      const sub = createSubscription(ctx);
      session.subscription = sub.id;
    }
  } finally {
    ctx.params = saved;
  }
  session.status = 'complete';
  // A trial charges nothing now: Stripe reports the payment as not required (it comes at the trial's end).
  session.payment_status = item.subscription?.trialDays ? 'no_payment_required' : 'paid';
  ctx.emit('checkout.session.completed', session);
  return session;
}

/** The PaymentIntent Stripe creates when a payment-mode session is completed (built like any other). */
function createIntent(ctx: RequestContext, session: Stripe.Checkout.Session): Stripe.PaymentIntent {
  const customer = typeof session.customer === 'string' ? session.customer : null;
  const pi = blankPaymentIntent(ctx, { amount: session.amount_total ?? 0, currency: session.currency ?? 'usd', created: nowSeconds(), customer });
  pi.metadata = { ...(session.metadata ?? {}) };
  ctx.state.paymentIntents.set(pi.id, pi);
  ctx.emit('payment_intent.created', pi);
  return pi;
}

function expire(ctx: RequestContext, id: string): Stripe.Checkout.Session {
  const session = requireSession(ctx, id);
  if (session.status !== 'open') throw invalidRequest(`Only open sessions can be expired; this one is ${session.status}.`);
  session.status = 'expired';
  ctx.emit('checkout.session.expired', session);
  return session;
}

export const checkoutSessionRoutes: Route[] = [
  route('POST', '/v1/checkout/sessions', create),
  route('GET', '/v1/checkout/sessions/:id', (ctx, id) => requireSession(ctx, id), { publishable: true }),
  route('POST', '/v1/checkout/sessions/:id/expire', expire),
  route('POST', '/v1/checkout/sessions/:id/_complete', complete, { publishable: true }),
];
