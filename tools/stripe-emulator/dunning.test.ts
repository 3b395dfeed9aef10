import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripeEmulator, type EmulatorAccount, type StripeEmulator } from './server';
import { sdkFor } from './test-helpers';

let emulator: StripeEmulator;
let account: EmulatorAccount;
let stripe: Stripe;
let monthly: Stripe.Price;

beforeAll(async () => {
  emulator = await startStripeEmulator({ port: 0 });
  account = await emulator.createAccount();
  stripe = sdkFor(emulator, account.secretKey);
  const product = await stripe.products.create({ name: 'Club' });
  monthly = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 4900, recurring: { interval: 'month' } });
});
afterAll(() => emulator.close());

const DAY = 86400;
const control = (path: string, body: object) => fetch(`${emulator.url}/_emulator/${path}`, { method: 'POST', body: JSON.stringify(body) });
const advance = (seconds: number) => control('clock/advance', { account: account.id, seconds });
const typesOf = (subId: string) =>
  [...emulator.core.store.accounts.get(account.id)!.events.values()]
    .filter((e) => (e.data.object as { id?: string; subscription?: string }).id === subId && e.type === 'customer.subscription.updated')
    .map((e) => (e.data.object as Stripe.Subscription).status);

/** An active subscription paid with 4242 whose card then starts declining. */
async function decliningSubscription() {
  const customer = await stripe.customers.create({ email: `dunning-${Date.now()}@example.test` });
  const good = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
  const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }], default_payment_method: good.id, payment_behavior: 'error_if_incomplete' });
  expect(sub.status).toBe('active');
  const failing = await stripe.paymentMethods.create({ type: 'card', card: { number: '4000000000009995', exp_month: 12, exp_year: new Date().getFullYear() + 2, cvc: '123' } });
  await stripe.paymentMethods.attach(failing.id, { customer: customer.id });
  await stripe.subscriptions.update(sub.id, { default_payment_method: failing.id });
  return { sub, customer };
}

describe('subscription settings (failed-payment retries)', () => {
  it('validates the settings and can be switched off', async () => {
    expect((await control(`accounts/${account.id}/subscription-settings`, { retries: 20 })).status).toBe(400);
    expect((await control(`accounts/${account.id}/subscription-settings`, { after_retries: 'explode' })).status).toBe(400);
    expect((await control('accounts/acct_nope/subscription-settings', {})).status).toBe(404);
    const res = await control(`accounts/${account.id}/subscription-settings`, { off: true });
    expect(await res.json()).toMatchObject({ dunning: null });
  });

  it('a declined renewal goes past_due, is retried on the clock, then marked unpaid; paying the open invoice makes it active again', async () => {
    const set = await control(`accounts/${account.id}/subscription-settings`, { retries: 2, retry_interval_days: 2, after_retries: 'mark_unpaid' });
    expect(await set.json()).toMatchObject({ dunning: { retries: 2, retry_interval_seconds: 2 * DAY, after_retries: 'mark_unpaid' } });
    const { sub } = await decliningSubscription();

    await advance(31 * DAY);
    let now = await stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    expect(now.status).toBe('past_due');
    const invoice = now.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ status: 'open', attempt_count: 1 });
    expect(invoice.next_payment_attempt).not.toBeNull();

    await advance(2 * DAY + 60);
    now = await stripe.subscriptions.retrieve(sub.id);
    expect(now.status).toBe('past_due');
    expect((await stripe.invoices.retrieve(invoice.id!)).attempt_count).toBe(2);

    await advance(2 * DAY + 60);
    now = await stripe.subscriptions.retrieve(sub.id);
    expect(now.status).toBe('unpaid');
    const last = await stripe.invoices.retrieve(invoice.id!, { expand: ['confirmation_secret'] });
    expect(last).toMatchObject({ status: 'open', attempt_count: 3, next_payment_attempt: null });
    expect(typesOf(sub.id).slice(-2)).toEqual(['past_due', 'unpaid']);
    // Nothing more is attempted however far the clock goes.
    await advance(5 * DAY);
    expect((await stripe.invoices.retrieve(invoice.id!)).attempt_count).toBe(3);

    await stripe.invoices.pay(invoice.id!, { payment_method: 'pm_card_visa' });
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
    expect((await stripe.invoices.retrieve(invoice.id!)).status).toBe('paid');
  });

  it('a card that works again settles the invoice at the next retry; after_retries=cancel ends the subscription', async () => {
    await control(`accounts/${account.id}/subscription-settings`, { retries: 1, retry_interval_seconds: 3600, after_retries: 'cancel' });
    const first = await decliningSubscription();
    await advance(31 * DAY);
    expect((await stripe.subscriptions.retrieve(first.sub.id)).status).toBe('past_due');
    await stripe.subscriptions.update(first.sub.id, { default_payment_method: (await stripe.paymentMethods.attach('pm_card_visa', { customer: first.customer.id })).id });
    await advance(3700);
    expect((await stripe.subscriptions.retrieve(first.sub.id)).status).toBe('active');

    const second = await decliningSubscription();
    await advance(31 * DAY);
    await advance(3700);
    expect((await stripe.subscriptions.retrieve(second.sub.id)).status).toBe('canceled');
    await control(`accounts/${account.id}/subscription-settings`, { off: true });
  });
});
