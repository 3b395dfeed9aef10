import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripeEmulator, type EmulatorAccount, type StripeEmulator } from './server';
import { sdkFor } from './test-helpers';

let emulator: StripeEmulator;
let account: EmulatorAccount;
let stripe: Stripe;

beforeAll(async () => {
  emulator = await startStripeEmulator({ port: 0 });
  account = await emulator.createAccount();
  stripe = sdkFor(emulator, account.secretKey);
});
afterAll(() => emulator.close());

const card = (number: string) => ({ type: 'card' as const, card: { number, exp_month: 12, exp_year: new Date().getFullYear() + 2, cvc: '123' } });

async function confirmWithCard(number: string, extra: Partial<Stripe.PaymentIntentCreateParams> = {}) {
  const pi = await stripe.paymentIntents.create({ amount: 2500, currency: 'usd', automatic_payment_methods: { enabled: true }, ...extra });
  const pm = await stripe.paymentMethods.create(card(number));
  const confirm = (more: Partial<Stripe.PaymentIntentConfirmParams> = {}) => stripe.paymentIntents.confirm(pi.id, { payment_method: pm.id, return_url: 'http://localhost:3000/return', ...more });
  return { pi, pm, confirm };
}

describe('payment intents', () => {
  it('4242 succeeds with a charge, expandable inline', async () => {
    const customer = await stripe.customers.create({ email: 'payer@example.test' });
    const { pi, confirm } = await confirmWithCard('4242424242424242', { customer: customer.id, metadata: { order: 'o1' } });
    expect(pi.status).toBe('requires_payment_method');
    expect(pi.client_secret).toMatch(new RegExp(`^${pi.id}_secret_`));
    const confirmed = await confirm();
    expect(confirmed.status).toBe('succeeded');
    expect(confirmed.amount_received).toBe(2500);
    expect(confirmed.latest_charge).toMatch(/^ch_/);
    const expanded = await stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge', 'customer', 'payment_method'] });
    const charge = expanded.latest_charge as Stripe.Charge;
    expect(charge).toMatchObject({ object: 'charge', status: 'succeeded', paid: true, amount: 2500, payment_intent: pi.id });
    expect(charge.payment_method_details?.card?.last4).toBe('4242');
    expect((expanded.customer as Stripe.Customer).email).toBe('payer@example.test');
    expect((expanded.payment_method as Stripe.PaymentMethod).card).toMatchObject({ brand: 'visa', last4: '4242', funding: 'credit' });
    expect(await stripe.charges.retrieve(charge.id)).toMatchObject({ id: charge.id, amount_refunded: 0 });
    expect((await stripe.paymentIntents.list({ customer: customer.id })).data.map((p) => p.id)).toEqual([pi.id]);
  });

  it('accepts pm_card_visa and confirm=true on create', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, return_url: 'http://localhost:3000/r' });
    expect(pi.status).toBe('succeeded');
    expect(pi.payment_method).toMatch(/^pm_/);
  });

  it('3155 requires 3DS (use_stripe_sdk=true: an in-page action for Stripe.js), then authentication completes it', async () => {
    const { pi, confirm } = await confirmWithCard('4000002500003155');
    const pending = await confirm({ use_stripe_sdk: true });
    expect(pending.status).toBe('requires_action');
    expect(pending.next_action?.type).toBe('use_stripe_sdk');
    const res = await fetch(`${emulator.url}/v1/payment_intents/${pi.id}/_authenticate`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${account.publishableKey}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_secret: pi.client_secret ?? '', outcome: 'approve' }),
    });
    expect(res.status).toBe(200);
    const done = await stripe.paymentIntents.retrieve(pi.id);
    expect(done.status).toBe('succeeded');
    expect(done.latest_charge).toMatch(/^ch_/);
  });

  it('3155 confirmed on the server with a return_url and no use_stripe_sdk: redirect_to_url to a hosted page', async () => {
    const { pi, confirm } = await confirmWithCard('4000002500003155');
    const pending = await confirm();
    expect(pending.next_action).toMatchObject({ type: 'redirect_to_url', redirect_to_url: { return_url: 'http://localhost:3000/return' } });
    const hostedUrl = pending.next_action?.redirect_to_url?.url ?? '';
    const hostedPage = await fetch(hostedUrl);
    expect(hostedPage.status).toBe(200);
    expect(await hostedPage.text()).toContain('Complete authentication');
    const answer = await fetch(hostedUrl, { method: 'POST', body: new URLSearchParams({ outcome: 'approve' }), redirect: 'manual' });
    expect(answer.status).toBe(303);
    const back = new URL(answer.headers.get('location') ?? '');
    expect(`${back.origin}${back.pathname}`).toBe('http://localhost:3000/return');
    expect(Object.fromEntries(back.searchParams)).toEqual({ payment_intent: pi.id, payment_intent_client_secret: pi.client_secret, redirect_status: 'succeeded' });
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('succeeded');
  });

  it('3155 with a failed challenge returns to requires_payment_method', async () => {
    const { pi, confirm } = await confirmWithCard('4000002500003155');
    await confirm();
    const res = await fetch(`${emulator.url}/_emulator/intents/${pi.id}/authenticate`, { method: 'POST', body: JSON.stringify({ outcome: 'fail' }) });
    expect(res.status).toBe(200);
    const failed = await stripe.paymentIntents.retrieve(pi.id);
    expect(failed.status).toBe('requires_payment_method');
    expect(failed.last_payment_error?.code).toBe('payment_intent_authentication_failure');
  });

  it('9995 is declined for insufficient funds as a StripeCardError', async () => {
    const { pi, confirm } = await confirmWithCard('4000000000009995');
    const err = await confirm().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(err).toMatchObject({ code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.', statusCode: 402 });
    const after = await stripe.paymentIntents.retrieve(pi.id);
    expect(after.status).toBe('requires_payment_method');
    expect(after.last_payment_error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds' });
    expect((await stripe.charges.retrieve(after.latest_charge as string)).status).toBe('failed');
  });

  it('0069 is declined as expired_card; 0002 as generic_decline', async () => {
    const expired = await (await confirmWithCard('4000000000000069')).confirm().catch((e: unknown) => e);
    expect(expired).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(expired).toMatchObject({ code: 'expired_card', message: 'Your card has expired.' });
    const generic = await (await confirmWithCard('4000000000000002')).confirm().catch((e: unknown) => e);
    expect(generic).toMatchObject({ code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' });
  });

  it('rejects payment_method_types (endive) on create and confirm', async () => {
    const params = { amount: 1000, currency: 'usd', payment_method_types: ['card'] } as Stripe.PaymentIntentCreateParams;
    const err = await stripe.paymentIntents.create(params).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err).toMatchObject({ code: 'payment_method_types_no_longer_supported', statusCode: 400 });
    const si = await stripe.setupIntents.create({ payment_method_types: ['card'] } as Stripe.SetupIntentCreateParams).catch((e: unknown) => e);
    expect(si).toMatchObject({ code: 'payment_method_types_no_longer_supported' });
  });

  it('cancels an open intent but not a succeeded one', async () => {
    const open = await stripe.paymentIntents.create({ amount: 900, currency: 'usd' });
    expect((await stripe.paymentIntents.cancel(open.id, { cancellation_reason: 'abandoned' })).status).toBe('canceled');
    const paid = await stripe.paymentIntents.create({ amount: 900, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    await expect(stripe.paymentIntents.cancel(paid.id)).rejects.toMatchObject({ code: 'payment_intent_unexpected_state' });
  });

  it('setup_future_usage saves the card on the customer', async () => {
    const customer = await stripe.customers.create({});
    const { pm, confirm } = await confirmWithCard('4242424242424242', { customer: customer.id, setup_future_usage: 'off_session' });
    await confirm();
    const saved = await stripe.customers.listPaymentMethods(customer.id);
    expect(saved.data.map((p) => p.id)).toEqual([pm.id]);
  });
});

describe('refunds', () => {
  it('refunds partially, then the rest, then refuses a third', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    const first = await stripe.refunds.create({ payment_intent: pi.id, amount: 2000, reason: 'requested_by_customer' });
    expect(first).toMatchObject({ object: 'refund', amount: 2000, status: 'pending', payment_intent: pi.id });
    expect(await stripe.charges.retrieve(pi.latest_charge as string)).toMatchObject({ amount_refunded: 2000, refunded: false });
    const tooMuch = await stripe.refunds.create({ payment_intent: pi.id, amount: 3001 }).catch((e: unknown) => e);
    expect(tooMuch).toMatchObject({ code: 'amount_too_large', statusCode: 400 });
    const rest = await stripe.refunds.create({ payment_intent: pi.id });
    expect(rest.amount).toBe(3000);
    const charge = await stripe.charges.retrieve(pi.latest_charge as string, { expand: ['refunds'] });
    expect(charge).toMatchObject({ amount_refunded: 5000, refunded: true });
    expect(charge.refunds?.data.map((r) => r.id)).toEqual([rest.id, first.id]);
    const third = await stripe.refunds.create({ charge: charge.id, amount: 1 }).catch((e: unknown) => e);
    expect(third).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(third).toMatchObject({ code: 'charge_already_refunded' });
    expect((await stripe.refunds.list({ payment_intent: pi.id })).data).toHaveLength(2);
    expect(await stripe.refunds.retrieve(first.id)).toMatchObject({ id: first.id, amount: 2000 });
  });

  it('stays pending until it settles, then succeeds with refund.updated, charge.refund.updated and charge.refunded', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1500, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 500 });
    expect(refund.status).toBe('pending');
    const events = () => [...emulator.core.store.accounts.get(account.id)!.events.values()].filter((e) => /^(refund\.|charge\.refund)/.test(e.type) && [refund.id, pi.latest_charge].includes((e.data.object as { id?: string }).id ?? ''));
    expect(events().map((e) => e.type).sort()).toEqual(['charge.refunded', 'refund.created']);
    await expect.poll(async () => (await stripe.refunds.retrieve(refund.id)).status, { timeout: 3000 }).toBe('succeeded');
    expect(events().map((e) => e.type).sort()).toEqual(['charge.refund.updated', 'charge.refunded', 'charge.refunded', 'refund.created', 'refund.updated']);
    const updated = events().find((e) => e.type === 'refund.updated');
    expect(updated?.data).toMatchObject({ object: { status: 'succeeded' }, previous_attributes: { status: 'pending' } });
  });
});

describe('setup intents and saved cards', () => {
  it('saves a card to the customer, then pays with it off-session', async () => {
    const customer = await stripe.customers.create({ email: 'saver@example.test' });
    const si = await stripe.setupIntents.create({ customer: customer.id, usage: 'off_session' });
    expect(si.status).toBe('requires_payment_method');
    const confirmed = await stripe.setupIntents.confirm(si.id, { payment_method: 'pm_card_visa' });
    expect(confirmed.status).toBe('succeeded');
    const pmId = confirmed.payment_method as string;
    const listed = await stripe.paymentMethods.list({ customer: customer.id, type: 'card' });
    expect(listed.data.map((p) => p.id)).toEqual([pmId]);
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pmId } });
    const pi = await stripe.paymentIntents.create({ amount: 1500, currency: 'usd', customer: customer.id, payment_method: pmId, off_session: true, confirm: true });
    expect(pi.status).toBe('succeeded');
    const detached = await stripe.paymentMethods.detach(pmId);
    expect(detached.customer).toBeNull();
    expect((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({ invoice_settings: { default_payment_method: null } });
  });

  it('3155 setup needs authentication; 0002 setup is declined', async () => {
    const customer = await stripe.customers.create({});
    const si = await stripe.setupIntents.create({ customer: customer.id });
    const pending = await stripe.setupIntents.confirm(si.id, { payment_method: 'pm_card_threeDSecure2Required' });
    expect(pending.status).toBe('requires_action');
    await fetch(`${emulator.url}/_emulator/intents/${si.id}/authenticate`, { method: 'POST', body: JSON.stringify({ outcome: 'approve' }) });
    expect((await stripe.setupIntents.retrieve(si.id)).status).toBe('succeeded');
    const declined = await stripe.setupIntents.create({ customer: customer.id });
    const err = await stripe.setupIntents.confirm(declined.id, { payment_method: 'pm_card_chargeDeclined' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect((await stripe.setupIntents.retrieve(declined.id)).last_setup_error?.code).toBe('card_declined');
  });

  it('confirms with a publishable key and client_secret (what Stripe.js does), raw card data', async () => {
    const customer = await stripe.customers.create({});
    const si = await stripe.setupIntents.create({ customer: customer.id });
    const form = new URLSearchParams({
      client_secret: si.client_secret ?? '',
      'payment_method_data[type]': 'card',
      'payment_method_data[card][number]': '4242424242424242',
      'payment_method_data[card][exp_month]': '12',
      'payment_method_data[card][exp_year]': '34',
      'payment_method_data[card][cvc]': '123',
    });
    const headers = { Authorization: `Bearer ${account.publishableKey}`, 'Content-Type': 'application/x-www-form-urlencoded' };
    const wrong = await fetch(`${emulator.url}/v1/setup_intents/${si.id}/confirm`, { method: 'POST', headers, body: new URLSearchParams({ client_secret: 'nope' }) });
    expect(wrong.status).toBe(400);
    const res = await fetch(`${emulator.url}/v1/setup_intents/${si.id}/confirm`, { method: 'POST', headers, body: form });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Stripe.SetupIntent).status).toBe('succeeded');
    expect((await stripe.customers.listPaymentMethods(customer.id)).data[0]?.card?.exp_year).toBe(2034);
  });
});
