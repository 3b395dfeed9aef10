// /v1/payment_methods: card PaymentMethods (raw test numbers or `pm_card_*` tokens), attach,
// detach, list by customer. The card number is kept aside (state.cardNumbers) to decide outcomes.
import type Stripe from 'stripe';
import { brandOf, fingerprintOf, TEST_PAYMENT_METHODS, validateCard } from '../cards';
import { route, type RequestContext, type Route } from '../context';
import { invalidRequest, missingParam, noSuch } from '../errors';
import { mergeMetadata, optInt, optNullableString, optObject, optString, type Params } from '../form';
import { newId, nowSeconds } from '../ids';
import { newestFirst, paginate } from '../lists';

export function createCardPaymentMethod(ctx: RequestContext, p: Params, paramPrefix = ''): Stripe.PaymentMethod {
  const type = optString(p, 'type');
  if (type === undefined) throw missingParam(`${paramPrefix}type`);
  if (type !== 'card') throw invalidRequest(`The payment method type "${type}" is not supported by the Stripe emulator.`, { param: `${paramPrefix}type` });
  const card = optObject(p, 'card');
  if (!card) throw missingParam(`${paramPrefix}card`);
  const number = (optString(card, 'number') ?? '').replace(/[\s-]/g, '');
  const expMonth = optInt(card, 'exp_month') ?? 0;
  const rawYear = optInt(card, 'exp_year') ?? 0;
  validateCard(number, expMonth, rawYear);
  const billing = optObject(p, 'billing_details') ?? {};
  const address = optObject(billing, 'address');
  return storeCard(ctx, number, expMonth, rawYear < 100 ? 2000 + rawYear : rawYear, {
    address: address
      ? {
          city: optNullableString(address, 'city') ?? null,
          country: optNullableString(address, 'country') ?? null,
          line1: optNullableString(address, 'line1') ?? null,
          line2: optNullableString(address, 'line2') ?? null,
          postal_code: optNullableString(address, 'postal_code') ?? null,
          state: optNullableString(address, 'state') ?? null,
        }
      : null,
    email: optNullableString(billing, 'email') ?? null,
    name: optNullableString(billing, 'name') ?? null,
    phone: optNullableString(billing, 'phone') ?? null,
    tax_id: null,
  }, mergeMetadata({}, p));
}

function storeCard(
  ctx: RequestContext,
  number: string,
  expMonth: number,
  expYear: number,
  billing: Stripe.PaymentMethod.BillingDetails,
  metadata: Record<string, string>,
): Stripe.PaymentMethod {
  const brand = brandOf(number);
  const pm: Stripe.PaymentMethod = {
    id: newId('pm'),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: billing,
    card: {
      brand,
      checks: { address_line1_check: null, address_postal_code_check: billing.address?.postal_code ? 'pass' : null, cvc_check: 'pass' },
      country: 'US',
      display_brand: brand,
      exp_month: expMonth,
      exp_year: expYear,
      fingerprint: fingerprintOf(ctx.state.record.id, number),
      funding: 'credit',
      generated_from: null,
      last4: number.slice(-4),
      networks: { available: [brand], preferred: null },
      regulated_status: 'unregulated',
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: nowSeconds(),
    customer: null,
    customer_account: null,
    livemode: ctx.livemode,
    metadata,
    type: 'card',
  };
  ctx.state.paymentMethods.set(pm.id, pm);
  ctx.state.cardNumbers.set(pm.id, number);
  return pm;
}

/** Resolves an id, or a `pm_card_*` test token (which, like Stripe, mints a fresh PaymentMethod). */
export function requirePaymentMethod(ctx: RequestContext, id: string, param = 'payment_method'): Stripe.PaymentMethod {
  const testNumber = TEST_PAYMENT_METHODS[id];
  if (testNumber) {
    const year = new Date().getUTCFullYear() + 3;
    const billing = { address: null, email: null, name: null, phone: null, tax_id: null };
    return storeCard(ctx, testNumber, 12, year, billing, {});
  }
  const pm = ctx.state.paymentMethods.get(id);
  if (!pm) throw noSuch('PaymentMethod', id, param);
  return pm;
}

export function cardNumberOf(ctx: RequestContext, pm: Stripe.PaymentMethod): string {
  return ctx.state.cardNumbers.get(pm.id) ?? '4242424242424242';
}

export function attachPaymentMethod(ctx: RequestContext, pm: Stripe.PaymentMethod, customerId: string): void {
  if (!ctx.state.customers.has(customerId)) throw noSuch('customer', customerId, 'customer');
  if (pm.customer === customerId) return;
  if (pm.customer) {
    throw invalidRequest(
      'The payment method you provided has already been attached to a customer.',
      { param: 'payment_method', code: 'payment_method_already_attached' },
    );
  }
  pm.customer = customerId;
  ctx.emit('payment_method.attached', pm);
}

export function listCustomerPaymentMethods(ctx: RequestContext, customerId: string): Stripe.PaymentMethod[] {
  const type = optString(ctx.params, 'type');
  return newestFirst(ctx.state.paymentMethods).filter((pm) => pm.customer === customerId && (type === undefined || pm.type === type));
}

function detach(ctx: RequestContext, id: string): Stripe.PaymentMethod {
  const pm = requirePaymentMethod(ctx, id, 'payment_method');
  if (!pm.customer) {
    throw invalidRequest('The payment method you provided is not attached to a customer so detachment is impossible.', {
      code: 'payment_method_unexpected_state',
    });
  }
  const previous = pm.customer;
  pm.customer = null;
  // Detaching the default PM also clears it from the customer's invoice settings, as Stripe does.
  const customer = typeof previous === 'string' ? ctx.state.customers.get(previous) : undefined;
  if (customer && customer.invoice_settings.default_payment_method === id) {
    customer.invoice_settings = { ...customer.invoice_settings, default_payment_method: null };
  }
  ctx.emit('payment_method.detached', pm, { customer: previous });
  return pm;
}

function list(ctx: RequestContext): Stripe.ApiList<Stripe.PaymentMethod> {
  const customer = optString(ctx.params, 'customer');
  const items = customer === undefined ? newestFirst(ctx.state.paymentMethods).filter((pm) => pm.customer !== null) : listCustomerPaymentMethods(ctx, customer);
  return paginate(items, ctx.params, '/v1/payment_methods');
}

export const paymentMethodRoutes: Route[] = [
  route('POST', '/v1/payment_methods', (ctx) => createCardPaymentMethod(ctx, ctx.params), { publishable: true }),
  route('GET', '/v1/payment_methods', list),
  route('GET', '/v1/payment_methods/:id', (ctx, id) => requirePaymentMethod(ctx, id, 'payment_method')),
  route('POST', '/v1/payment_methods/:id', (ctx, id) => {
    const pm = requirePaymentMethod(ctx, id, 'payment_method');
    pm.metadata = mergeMetadata(pm.metadata ?? {}, ctx.params);
    return pm;
  }),
  route('POST', '/v1/payment_methods/:id/attach', (ctx, id) => {
    const customer = optString(ctx.params, 'customer');
    if (!customer) throw missingParam('customer');
    const pm = requirePaymentMethod(ctx, id, 'payment_method');
    attachPaymentMethod(ctx, pm, customer);
    return pm;
  }),
  route('POST', '/v1/payment_methods/:id/detach', detach),
];
