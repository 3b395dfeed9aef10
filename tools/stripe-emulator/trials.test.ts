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
  const product = await stripe.products.create({ name: 'Membership' });
  monthly = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' } });
});
afterAll(() => emulator.close());

const DAY = 86400;
const events = () => [...emulator.core.store.accounts.get(account.id)!.events.values()];
const advance = (seconds: number) => fetch(`${emulator.url}/_emulator/clock/advance`, { method: 'POST', body: JSON.stringify({ account: account.id, seconds }) });

async function trial(days: number) {
  const customer = await stripe.customers.create({ email: `trial-${days}@example.test` });
  const sub = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: monthly.id }],
    trial_period_days: days,
    payment_behavior: 'default_incomplete',
    payment_settings: { save_default_payment_method: 'on_subscription' },
    expand: ['latest_invoice.confirmation_secret', 'pending_setup_intent'],
  });
  return { sub, customer };
}

async function confirmSetup(si: Stripe.SetupIntent, card: string) {
  const res = await fetch(`${emulator.url}/v1/setup_intents/${si.id}/confirm`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${account.publishableKey}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_secret: si.client_secret ?? '', payment_method: card }),
  });
  expect(res.status).toBe(200);
}

describe('trials', () => {
  it('starts trialing with a $0 paid invoice and a pending SetupIntent; the card it saves is charged when the trial ends', async () => {
    const { sub, customer } = await trial(14);
    expect(sub.status).toBe('trialing');
    expect(sub.trial_end! - sub.trial_start!).toBe(14 * DAY);
    expect(sub.items.data[0]?.current_period_end).toBe(sub.trial_end);
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(invoice.status).toBe('paid');
    expect(invoice.amount_due).toBe(0);
    expect(invoice.confirmation_secret).toBeNull();
    const si = sub.pending_setup_intent as Stripe.SetupIntent;
    expect(si.client_secret).toMatch(/^seti_/);
    expect(await stripe.paymentIntents.list({ customer: customer.id })).toMatchObject({ data: [] });

    await confirmSetup(si, 'pm_card_visa');
    const withCard = await stripe.subscriptions.retrieve(sub.id);
    expect(withCard.pending_setup_intent).toBeNull();
    expect(withCard.default_payment_method).toMatch(/^pm_/);

    await advance(11 * DAY + 60);
    expect(events().filter((e) => e.type === 'customer.subscription.trial_will_end' && (e.data.object as { id: string }).id === sub.id)).toHaveLength(1);
    await advance(DAY);
    // Crossing the mark again never repeats the notice.
    expect(events().filter((e) => e.type === 'customer.subscription.trial_will_end' && (e.data.object as { id: string }).id === sub.id)).toHaveLength(1);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('trialing');

    await advance(3 * DAY);
    const converted = await stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    expect(converted.status).toBe('active');
    const first = converted.latest_invoice as Stripe.Invoice;
    expect(first.billing_reason).toBe('subscription_cycle');
    expect(first.status).toBe('paid');
    expect(first.amount_paid).toBe(1000);
  });

  it('a trial shorter than three days is about to end at once; without a card the first charge fails (past_due)', async () => {
    const { sub } = await trial(2);
    expect(events().filter((e) => e.type === 'customer.subscription.trial_will_end' && (e.data.object as { id: string }).id === sub.id)).toHaveLength(1);
    await advance(2 * DAY + 60);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('past_due');
    expect(events().filter((e) => e.type === 'customer.subscription.trial_will_end' && (e.data.object as { id: string }).id === sub.id)).toHaveLength(1);
  });

  it('missing_payment_method=cancel: a trial that never got a card ends with the trial, no invoice charged', async () => {
    const customer = await stripe.customers.create({ email: 'nocard@example.test' });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: monthly.id }],
      trial_period_days: 7,
      trial_settings: { end_behavior: { missing_payment_method: 'cancel' } },
      payment_behavior: 'default_incomplete',
    });
    await advance(7 * DAY + 60);
    const after = await stripe.subscriptions.retrieve(sub.id);
    expect(after.status).toBe('canceled');
    expect(after.ended_at).toBe(sub.trial_end);
  });
});

describe('Checkout subscription_data', () => {
  it('a trial in a subscription-mode Checkout Session charges nothing now, carries the metadata, and bills the card at the trial end', async () => {
    const customer = await stripe.customers.create({ email: 'checkout-trial@example.test' });
    const session = await stripe.checkout.sessions.create({
      ui_mode: 'embedded_page',
      mode: 'subscription',
      customer: customer.id,
      line_items: [{ price: monthly.id, quantity: 1 }],
      return_url: 'https://portal.test/return',
      subscription_data: { trial_period_days: 7, metadata: { tenant: 't-1' } },
    });
    expect(session.amount_total).toBe(0);
    const res = await fetch(`${emulator.url}/v1/checkout/sessions/${session.id}/_complete`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${account.publishableKey}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_secret: session.client_secret ?? '', payment_method: 'pm_card_visa' }),
    });
    expect(res.status).toBe(200);
    const done = await stripe.checkout.sessions.retrieve(session.id);
    expect(done).toMatchObject({ status: 'complete', payment_status: 'no_payment_required' });
    const sub = await stripe.subscriptions.retrieve(done.subscription as string);
    expect(sub).toMatchObject({ status: 'trialing', metadata: { tenant: 't-1' } });
    expect(sub.trial_end! - sub.trial_start!).toBe(7 * DAY);
    expect(await stripe.paymentIntents.list({ customer: customer.id })).toMatchObject({ data: [] });

    expect((await advance(8 * DAY)).status).toBe(200);
    const after = await stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    expect(after.status).toBe('active');
    expect(after.latest_invoice).toMatchObject({ status: 'paid', amount_paid: 1000 });
  });

  it('refuses subscription_data on a payment-mode session', async () => {
    const product = await stripe.products.create({ name: 'Ticket' });
    const once = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 500 });
    await expect(
      stripe.checkout.sessions.create({ mode: 'payment', line_items: [{ price: once.id, quantity: 1 }], success_url: 'https://portal.test/ok', subscription_data: { trial_period_days: 3 } }),
    ).rejects.toThrow(/subscription mode/);
  });
});
