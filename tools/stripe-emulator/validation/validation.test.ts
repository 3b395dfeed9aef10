// Table-driven: what the strict emulator answers to requests real Stripe refuses (and to the
// look-alikes it accepts), through the real stripe SDK. Malformed params go through
// `stripe.rawRequest` (the SDK's own form encoding); well-formed ones through typed calls.
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripeEmulator, type StripeEmulator } from '../server';
import { sdkFor } from '../test-helpers';

interface Fixtures {
  stripe: Stripe;
  customer: string;
  product: string;
  price: string;
  intent: string;
  invoice: string;
  subscription: string;
}

type Expected = { status: 200 } | { status: number; type?: string; code?: string; param?: string; message: string | RegExp };

interface Case {
  name: string;
  call: (f: Fixtures) => Promise<unknown>;
  expect: Expected;
}

/** The SDK's rawRequest: POST params form-encoded by the SDK; GET/DELETE take a flat query string. */
function raw(f: Fixtures, method: 'GET' | 'POST' | 'DELETE', path: string, params: Record<string, unknown>): Promise<unknown> {
  if (method === 'POST') return f.stripe.rawRequest(method, path, params) as Promise<unknown>;
  const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
  return f.stripe.rawRequest(method, query ? `${path}?${query}` : path) as Promise<unknown>;
}

const unknown = (param: string): Expected => ({ status: 400, code: 'parameter_unknown', param, message: `Received unknown parameter: ${param}` });
const empty = (param: string): Expected => ({
  status: 400,
  code: 'parameter_invalid_empty',
  param,
  message: `You passed an empty string for '${param}'. We assume empty values are an attempt to unset a parameter; however '${param}' cannot be unset. You should remove '${param}' from your request or supply a non-empty value.`,
});
const integer = (param: string, value: string): Expected => ({ status: 400, code: 'parameter_invalid_integer', param, message: `Invalid integer: ${value}` });
const enumOf = (param: string, values: string): Expected => ({ status: 400, param, message: `Invalid ${param}: must be one of ${values}` });
const notExpandable = (path: string): Expected => ({ status: 400, param: 'expand', message: `This property cannot be expanded (${path}).` });
const notFound = (method: string, path: string): Expected => ({
  status: 404,
  message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
});
const OK: Expected = { status: 200 };

const CASES: Case[] = [
  // Unknown parameters, at the top and nested (param names the full path).
  { name: 'unknown top-level param on create', call: (f) => raw(f, 'POST', '/v1/customers', { foo: 'bar' }), expect: unknown('foo') },
  { name: 'unknown query param on a list', call: (f) => raw(f, 'GET', '/v1/customers', { foo: 'bar' }), expect: unknown('foo') },
  { name: 'param of create is unknown on update (prices are immutable)', call: (f) => raw(f, 'POST', `/v1/prices/${f.price}`, { unit_amount: 5 }), expect: unknown('unit_amount') },
  { name: 'unknown nested param in an array item', call: (f) => raw(f, 'POST', '/v1/subscriptions', { customer: f.customer, items: [{ price: f.price, foo: 1 }] }), expect: unknown('items[0][foo]') },
  { name: 'unknown nested param in an object', call: (f) => raw(f, 'POST', '/v1/payment_intents', { amount: 100, currency: 'usd', automatic_payment_methods: { enabled: true, foo: 'x' } }), expect: unknown('automatic_payment_methods[foo]') },
  { name: 'invoice create has no payment_intent (gone since basil)', call: (f) => raw(f, 'POST', '/v1/invoices', { customer: f.customer, payment_intent: 'pi_x' }), expect: unknown('payment_intent') },
  { name: 'two levels deep', call: (f) => raw(f, 'POST', `/v1/customers/${f.customer}`, { invoice_settings: { rendering_options: { foo: 'x' } } }), expect: unknown('invoice_settings[rendering_options][foo]') },
  {
    name: 'endive: payment_method_types answers its own code',
    call: (f) => raw(f, 'POST', '/v1/payment_intents', { amount: 100, currency: 'usd', payment_method_types: ['card'] }),
    expect: { status: 400, code: 'payment_method_types_no_longer_supported', param: 'payment_method_types', message: /no longer supported as of API version 2026-10-28\.endive/ },
  },

  // Empty strings: only Emptyable<T> params may be unset.
  { name: 'nickname on price update is not emptyable', call: (f) => f.stripe.prices.update(f.price, { nickname: '' }), expect: empty('nickname') },
  { name: 'nickname on price create is not emptyable', call: (f) => raw(f, 'POST', '/v1/prices', { product: f.product, currency: 'usd', unit_amount: 100, nickname: '' }), expect: empty('nickname') },
  { name: 'description on product create is not emptyable', call: (f) => f.stripe.products.create({ name: 'P', description: '' }), expect: empty('description') },
  { name: 'email on customer create is not emptyable', call: (f) => f.stripe.customers.create({ email: '' }), expect: empty('email') },
  { name: 'nested non-emptyable: items[0][price]', call: (f) => raw(f, 'POST', '/v1/subscriptions', { customer: f.customer, items: [{ price: '' }] }), expect: empty('items[0][price]') },
  { name: 'description on product update is emptyable', call: (f) => f.stripe.products.update(f.product, { description: '' }), expect: OK },
  { name: 'metadata is emptyable on update', call: (f) => f.stripe.customers.update(f.customer, { metadata: '' }), expect: OK },
  { name: 'one metadata key is emptyable (deletes it)', call: (f) => f.stripe.customers.update(f.customer, { metadata: { plan: '' } }), expect: OK },
  { name: 'setup_future_usage is emptyable on PaymentIntent update', call: (f) => f.stripe.paymentIntents.update(f.intent, { setup_future_usage: '' }), expect: OK },
  { name: 'images (an array) is emptyable on product update', call: (f) => f.stripe.products.update(f.product, { images: '' }), expect: OK },
  { name: 'webhook endpoint description is emptyable on create', call: (f) => f.stripe.webhookEndpoints.create({ url: 'https://example.test/hook', enabled_events: ['*'], description: '' }), expect: OK },

  // Types.
  { name: 'integer: letters', call: (f) => raw(f, 'POST', '/v1/prices', { product: f.product, currency: 'usd', unit_amount: 'abc' }), expect: integer('unit_amount', 'abc') },
  { name: 'integer: a fraction', call: (f) => raw(f, 'POST', '/v1/payment_intents', { amount: '12.5', currency: 'usd' }), expect: integer('amount', '12.5') },
  { name: 'integer in a query', call: (f) => raw(f, 'GET', '/v1/customers', { limit: 'ten' }), expect: integer('limit', 'ten') },
  { name: 'integer nested in an array item', call: (f) => raw(f, 'POST', '/v1/subscriptions', { customer: f.customer, items: [{ price: f.price, quantity: 'two' }] }), expect: integer('items[0][quantity]', 'two') },
  { name: 'integer nested in an object', call: (f) => raw(f, 'POST', '/v1/prices', { product: f.product, currency: 'usd', unit_amount: 100, recurring: { interval: 'month', interval_count: 'x' } }), expect: integer('recurring[interval_count]', 'x') },
  { name: 'boolean', call: (f) => raw(f, 'POST', '/v1/products', { name: 'P', active: 'yes' }), expect: { status: 400, param: 'active', message: 'Invalid boolean: yes' } },
  { name: 'boolean in a query', call: (f) => raw(f, 'GET', '/v1/prices', { active: 'maybe' }), expect: { status: 400, param: 'active', message: 'Invalid boolean: maybe' } },
  { name: 'string where a hash is expected', call: (f) => raw(f, 'POST', '/v1/customers', { metadata: 'x' }), expect: { status: 400, param: 'metadata', message: 'Invalid object' } },
  {
    name: 'object where a string is expected',
    call: (f) => raw(f, 'POST', '/v1/customers', { name: { first: 'Ann' } }),
    expect: { status: 400, code: 'parameter_invalid_string_object', param: 'name', message: 'Invalid string: name must be a string, not an object or array.' },
  },
  {
    name: 'object as a metadata value',
    call: (f) => raw(f, 'POST', '/v1/customers', { metadata: { a: { b: 'c' } } }),
    expect: { status: 400, code: 'parameter_invalid_string_object', param: 'metadata[a]', message: 'Invalid string: metadata[a] must be a string, not an object or array.' },
  },
  { name: 'string where an array item object is expected', call: (f) => raw(f, 'POST', '/v1/subscriptions', { customer: f.customer, items: [f.price] }), expect: { status: 400, param: 'items[0]', message: 'Invalid object' } },
  { name: 'string where an array is expected', call: (f) => raw(f, 'GET', `/v1/customers/${f.customer}`, { expand: 'x' }), expect: { status: 400, param: 'expand', message: 'Invalid array' } },
  { name: 'missing required param', call: (f) => raw(f, 'POST', '/v1/payment_intents', { currency: 'usd' }), expect: { status: 400, code: 'parameter_missing', param: 'amount', message: 'Missing required param: amount.' } },
  { name: 'missing required nested param', call: (f) => raw(f, 'POST', '/v1/prices', { product: f.product, currency: 'usd', unit_amount: 100, recurring: { interval_count: 2 } }), expect: { status: 400, code: 'parameter_missing', param: 'recurring[interval]', message: 'Missing required param: recurring[interval].' } },

  // Enums.
  { name: 'enum', call: (f) => raw(f, 'POST', '/v1/payment_intents', { amount: 100, currency: 'usd', capture_method: 'later' }), expect: enumOf('capture_method', 'automatic, automatic_async, or manual') },
  { name: 'nested enum', call: (f) => raw(f, 'POST', '/v1/prices', { product: f.product, currency: 'usd', unit_amount: 100, recurring: { interval: 'fortnight' } }), expect: enumOf('recurring[interval]', 'day, month, week, or year') },
  { name: 'enum of two', call: (f) => raw(f, 'POST', '/v1/setup_intents', { usage: 'sometimes' }), expect: enumOf('usage', 'off_session or on_session') },
  { name: 'pre-endive ui_mode value', call: (f) => raw(f, 'POST', '/v1/checkout/sessions', { mode: 'payment', ui_mode: 'embedded' }), expect: enumOf('ui_mode', 'elements, embedded_page, form, or hosted_page') },
  { name: 'enum in a query', call: (f) => raw(f, 'GET', '/v1/subscriptions', { status: 'zombie' }), expect: enumOf('status', 'active, all, canceled, ended, incomplete, incomplete_expired, past_due, paused, trialing, or unpaid') },
  { name: 'enum inside an array', call: (f) => raw(f, 'POST', '/v1/webhook_endpoints', { url: 'https://example.test/h', enabled_events: ['charge.exploded'] }), expect: { status: 400, param: 'enabled_events[0]', message: /^Invalid enabled_events\[0\]: must be one of / } },
  { name: 'valid nested params are accepted', call: (f) => f.stripe.subscriptions.create({ customer: f.customer, items: [{ price: f.price, quantity: 1 }], payment_behavior: 'default_incomplete', payment_settings: { save_default_payment_method: 'on_subscription' } }), expect: OK },

  // expand[].
  { name: 'expand: unknown field', call: (f) => f.stripe.customers.retrieve(f.customer, { expand: ['foo'] }), expect: notExpandable('foo') },
  { name: 'expand: a plain field is not expandable', call: (f) => f.stripe.customers.retrieve(f.customer, { expand: ['email'] }), expect: notExpandable('email') },
  { name: 'expand: nested unknown field', call: (f) => f.stripe.paymentIntents.retrieve(f.intent, { expand: ['customer.foo'] }), expect: notExpandable('customer.foo') },
  { name: 'expand: list paths start with data', call: (f) => f.stripe.prices.list({ expand: ['product'] }), expect: notExpandable('product') },
  {
    name: 'expand: more than four levels',
    call: (f) => f.stripe.subscriptions.retrieve(f.subscription, { expand: ['latest_invoice.customer.invoice_settings.default_payment_method.customer'] }),
    expect: { status: 400, param: 'expand', message: 'You cannot expand more than 4 levels of a property. Property: latest_invoice.customer.invoice_settings.default_payment_method.customer' },
  },
  { name: 'expand: includable field', call: (f) => f.stripe.invoices.retrieve(f.invoice, { expand: ['payments', 'confirmation_secret'] }), expect: OK },
  { name: 'expand: through an expanded object', call: (f) => f.stripe.subscriptions.retrieve(f.subscription, { expand: ['latest_invoice.confirmation_secret', 'customer.invoice_settings.default_payment_method'] }), expect: OK },
  { name: 'expand: on a list', call: (f) => f.stripe.prices.list({ expand: ['data.product'] }), expect: OK },

  // Unknown operations.
  { name: 'unknown resource', call: (f) => raw(f, 'GET', '/v1/foo', {}), expect: notFound('GET', '/v1/foo') },
  { name: 'unknown action on a known resource', call: (f) => raw(f, 'POST', `/v1/prices/${f.price}/archive`, {}), expect: notFound('POST', `/v1/prices/{price}/archive`) },
  { name: 'a method the resource does not have (prices cannot be deleted)', call: (f) => raw(f, 'DELETE', `/v1/prices/${f.price}`, {}), expect: notFound('DELETE', '/v1/prices/{price}') },
];

let emulator: StripeEmulator;
let fixtures: Fixtures;

beforeAll(async () => {
  emulator = await startStripeEmulator({ port: 0 });
  const account = await emulator.createAccount({ name: 'Strict Gym' });
  const stripe = sdkFor(emulator, account.secretKey);
  const customer = await stripe.customers.create({ email: 'strict@example.test', metadata: { plan: 'gold' } });
  const product = await stripe.products.create({ name: 'Gold', description: 'All classes' });
  const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' } });
  const intent = await stripe.paymentIntents.create({ amount: 500, currency: 'usd', customer: customer.id, setup_future_usage: 'off_session' });
  const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], payment_behavior: 'default_incomplete', expand: ['latest_invoice'] });
  const invoice = typeof sub.latest_invoice === 'string' ? sub.latest_invoice : (sub.latest_invoice?.id ?? '');
  fixtures = { stripe, customer: customer.id, product: product.id, price: price.id, intent: intent.id, invoice, subscription: sub.id };
});
afterAll(() => emulator.close());

describe('strict request validation (as real Stripe answers)', () => {
  it('has at least 40 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(40));

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const result = await c.call(fixtures).then(
      () => ({ status: 200 }),
      (e: unknown) => e,
    );
    if (c.expect.status === 200) {
      expect(result).toEqual({ status: 200 });
      return;
    }
    expect(result).toBeInstanceOf(Stripe.errors.StripeError);
    const err = result as Stripe.errors.StripeError;
    const want = c.expect as Exclude<Expected, { status: 200 }>;
    // Placeholders in expected 404 paths stand for the fixture id the call used.
    const message = typeof want.message === 'string' ? want.message.replace(/\{price\}/g, fixtures.price) : expect.stringMatching(want.message);
    expect({ status: err.statusCode, type: err.rawType, code: err.code, param: err.param, message: err.message }).toEqual({
      status: want.status,
      type: want.type ?? 'invalid_request_error',
      code: want.code,
      param: want.param,
      message,
    });
  });

  it('never stores a refused request under its Idempotency-Key', async () => {
    const key = 'strict-idem-1';
    const bad = await fixtures.stripe.customers.create({ email: '' }, { idempotencyKey: key }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ statusCode: 400, code: 'parameter_invalid_empty' });
    const good = await fixtures.stripe.customers.create({ email: 'later@example.test' }, { idempotencyKey: key });
    expect(good.email).toBe('later@example.test');
  });

  it('leaves the /_emulator control routes alone', async () => {
    const res = await fetch(`${emulator.url}/_emulator`, { method: 'GET' });
    expect(res.status).toBe(200);
  });
});
