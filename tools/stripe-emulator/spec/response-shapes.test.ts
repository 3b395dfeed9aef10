// Every object the emulator returns during a representative flow (catalog, customers, cards,
// one-off payment and refund, Checkout, subscriptions with previews, invoices, portal, webhooks,
// events) is checked against shapes.json, generated from the pinned SDK's types: required fields
// present, no field the type does not have, nested and expanded objects included. Event payloads
// too. A field added to an emulator object without being in the SDK type fails here.
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripeEmulator, type EmulatorAccount, type StripeEmulator } from '../server';
import { API_VERSION, sdkFor } from '../test-helpers';
import { loadShapes, ShapeChecker } from './check-shape';

let emulator: StripeEmulator;
let account: EmulatorAccount;
let stripe: Stripe;
const responses: { method: string; path: string; status: number; body: unknown }[] = [];

beforeAll(async () => {
  emulator = await startStripeEmulator({ port: 0 });
  emulator.core.onResponse = (r) => responses.push(r);
  account = await emulator.createAccount({ name: 'Shapes Gym' });
  stripe = sdkFor(emulator, account.secretKey);
});
afterAll(() => emulator.close());

/** What the test Stripe.js does in the browser: a publishable key and the client secret. */
async function asBrowser(path: string, params: Record<string, string>) {
  const res = await fetch(`${emulator.url}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${account.publishableKey}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params),
  });
  expect(res.status).toBe(200);
}

async function representativeFlow() {
  await stripe.accounts.retrieveCurrent();
  await stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/hook', enabled_events: ['*'], api_version: API_VERSION });
  await stripe.webhookEndpoints.list({ limit: 3 });
  const product = await stripe.products.create({ name: 'Membership', metadata: { portal_id: 'p1' } });
  await stripe.products.update(product.id, { description: 'Monthly access' });
  const monthly = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' }, nickname: 'Basic' });
  const premium = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 3000, recurring: { interval: 'month' } });
  const oneOff = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 2500 });
  await stripe.prices.list({ product: product.id, expand: ['data.product'] });

  const customer = await stripe.customers.create({ email: 'shapes@example.test', name: 'Shape Tester' });
  await stripe.customers.update(customer.id, { metadata: { member: 'm1' } });

  // Save a card, pay once, refund part of it.
  const seti = await stripe.setupIntents.create({ customer: customer.id, usage: 'off_session' });
  await asBrowser(`/v1/setup_intents/${seti.id}/confirm`, { client_secret: seti.client_secret ?? '', payment_method: 'pm_card_visa' });
  const saved = await stripe.setupIntents.retrieve(seti.id, { expand: ['payment_method'] });
  const pmId = typeof saved.payment_method === 'string' ? saved.payment_method : (saved.payment_method?.id ?? '');
  await stripe.paymentMethods.retrieve(pmId);
  await stripe.customers.listPaymentMethods(customer.id);
  const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', customer: customer.id, metadata: { purchase: 'x' } });
  await stripe.paymentIntents.confirm(pi.id, { payment_method: pmId, return_url: 'http://127.0.0.1/return' });
  const paid = await stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge'] });
  await stripe.refunds.create({ payment_intent: paid.id, amount: 500 });
  await stripe.refunds.list({ payment_intent: paid.id });
  await stripe.charges.list({ customer: customer.id });

  // Checkout, payment mode, completed in the "browser".
  const session = await stripe.checkout.sessions.create({ ui_mode: 'embedded_page', mode: 'payment', customer: customer.id, line_items: [{ price: oneOff.id, quantity: 1 }], return_url: 'http://127.0.0.1/r' });
  await asBrowser(`/v1/checkout/sessions/${session.id}/_complete`, { client_secret: session.client_secret ?? '', payment_method: 'pm_card_visa' });
  const done = await stripe.checkout.sessions.retrieve(session.id);
  await stripe.paymentIntents.retrieve(String(done.payment_intent));
  const hosted = await stripe.checkout.sessions.create({ mode: 'subscription', customer: customer.id, line_items: [{ price: monthly.id }], success_url: 'http://127.0.0.1/s' });
  await stripe.checkout.sessions.expire(hosted.id);

  // Subscription with embedded payment, a plan-change preview, the change, then cancel.
  const sub = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: monthly.id }],
    payment_behavior: 'default_incomplete',
    payment_settings: { save_default_payment_method: 'on_subscription' },
    expand: ['latest_invoice.confirmation_secret', 'latest_invoice.payments', 'pending_setup_intent'],
  });
  const invoice = sub.latest_invoice as Stripe.Invoice;
  const ref = invoice.payments?.data[0]?.payment.payment_intent;
  const invoicePi = await stripe.paymentIntents.retrieve(typeof ref === 'string' ? ref : (ref?.id ?? ''));
  await asBrowser(`/v1/payment_intents/${invoicePi.id}/confirm`, { client_secret: invoicePi.client_secret ?? '', payment_method: 'pm_card_visa' });
  await stripe.invoicePayments.list({ invoice: invoice.id ?? '' });
  const active = await stripe.subscriptions.retrieve(sub.id);
  const item = active.items.data[0]!;
  await stripe.invoices.createPreview({ customer: customer.id, subscription: sub.id, subscription_details: { items: [{ id: item.id, price: premium.id }], proration_behavior: 'create_prorations' } });
  await stripe.subscriptions.update(sub.id, { items: [{ id: item.id, price: premium.id }], proration_behavior: 'always_invoice' });
  await stripe.invoices.list({ customer: customer.id, expand: ['data.payments'] });
  await stripe.billingPortal.sessions.create({ customer: customer.id, return_url: 'http://127.0.0.1/back' });
  await stripe.subscriptions.cancel(sub.id);

  // An admin invoice: draft with items, finalized, then voided.
  const draft = await stripe.invoices.create({ customer: customer.id, collection_method: 'send_invoice', days_until_due: 7, auto_advance: false });
  await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, amount: 1200, currency: 'usd', description: 'Workshop' });
  await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, pricing: { price: oneOff.id }, quantity: 2 });
  await stripe.invoices.finalizeInvoice(draft.id ?? '');
  await stripe.invoices.voidInvoice(draft.id ?? '');

  // A disputed payment: the dispute opens, evidence is submitted, the bank decides.
  const disputed = await stripe.paymentIntents.create({ amount: 3100, currency: 'usd', customer: customer.id });
  await stripe.paymentIntents.confirm(disputed.id, { payment_method: 'pm_card_createDispute', return_url: 'http://127.0.0.1/return' });
  let dispute: Stripe.Dispute | undefined;
  for (let i = 0; i < 100 && !dispute; i++) {
    dispute = (await stripe.disputes.list({ payment_intent: disputed.id })).data[0];
    if (!dispute) await new Promise((r) => setTimeout(r, 30));
  }
  await stripe.disputes.update(dispute?.id ?? '', { evidence: { customer_name: 'Shape Tester', uncategorized_text: 'winning_evidence' }, submit: true });
  await new Promise((r) => setTimeout(r, 500));
  await stripe.disputes.retrieve(dispute?.id ?? '', { expand: ['charge'] });

  await stripe.paymentMethods.detach(pmId);
  await stripe.events.list({ limit: 100 });
}

describe('response shapes (shapes.json, generated from the pinned SDK)', () => {
  it('every object returned in a representative flow, and every event payload, has exactly the fields of its SDK type', async () => {
    await representativeFlow();
    const checker = new ShapeChecker(loadShapes());
    const problems = responses.flatMap((r) => (r.status === 200 ? checker.problems(r.body).map((p) => `${r.method} ${r.path} ${p}`) : [`${r.method} ${r.path}: HTTP ${r.status}`]));
    const events = [...emulator.core.store.accounts.get(account.id)!.events.values()];
    for (const event of events) {
      problems.push(...checker.problems(event.data.object).map((p) => `event ${event.type} ${p.replace('$', 'data.object')}`));
    }
    expect(problems).toEqual([]);
    // The flow reached what it claims to cover.
    const kinds = [...checker.checked.keys()];
    for (const kind of ['account', 'checkout.session', 'customer', 'invoice', 'invoiceitem', 'invoice_payment', 'line_item', 'payment_intent', 'payment_method', 'price', 'product', 'refund', 'charge', 'setup_intent', 'subscription', 'subscription_item', 'billing_portal.session', 'webhook_endpoint', 'dispute', 'balance_transaction']) {
      expect(kinds, kind).toContain(kind);
    }
    expect(events.length).toBeGreaterThan(20);
  });
});

describe('the shape checker', () => {
  it('names a missing required field, an unknown field, and both inside nested and expanded objects', async () => {
    const checker = new ShapeChecker(loadShapes());
    const customer = JSON.parse(JSON.stringify(await stripe.customers.create({ email: 'x@example.test' }))) as Record<string, unknown>;
    expect(checker.problems(customer)).toEqual([]);
    delete customer.invoice_settings;
    customer.favourite_colour = 'blue';
    expect(checker.problems(customer)).toEqual(['$.invoice_settings: required by Customers#Customer but missing', '$.favourite_colour: not a field of Customers#Customer']);

    const product = await stripe.products.create({ name: 'Nested' });
    const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 100, recurring: { interval: 'month' } });
    const expanded = JSON.parse(JSON.stringify(await stripe.prices.retrieve(price.id, { expand: ['product'] }))) as { recurring: Record<string, unknown>; product: Record<string, unknown> };
    delete expanded.recurring.interval;
    expanded.product.colour = 'red';
    expect(checker.problems(expanded).sort()).toEqual(['$.product.colour: not a field of Products#Product', '$.recurring.interval: required by Prices#Price.Recurring but missing']);
  });
});
