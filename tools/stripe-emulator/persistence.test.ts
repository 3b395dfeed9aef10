// The state file (persistence.ts): an emulator started again on the same file answers for every
// object the first one made — keys, customers, subscriptions with their invoices and the
// PaymentIntent behind each, refunds — and goes on billing them (the test clock renews a restored
// subscription with its saved card). Also: idle() waits for webhook deliveries; clock/set.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startStripeEmulator, type StripeEmulator } from './server';
import { sdkFor, startReceiver } from './test-helpers';

const dir = mkdtempSync(path.join(os.tmpdir(), 'emulator-state-'));
const stateFile = path.join(dir, 'state.json');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const control = (emulator: StripeEmulator, route: string, body: object) =>
  fetch(`${emulator.url}/_emulator/${route}`, { method: 'POST', body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as { now?: number; error?: { message: string } } }));

describe('state file', () => {
  it('a restarted emulator keeps every id valid and keeps billing', async () => {
    const first = await startStripeEmulator({ port: 0, stateFile, refundSettleMs: 10 });
    expect(first.restoredAccounts).toBe(0);
    const account = await first.createAccount({ name: 'Kept' });
    const stripe = sdkFor(first, account.secretKey);
    const customer = await stripe.customers.create({ email: 'kept@example.test' });
    const product = await stripe.products.create({ name: 'Gold' });
    const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1500, recurring: { interval: 'month' } });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      payment_behavior: 'default_incomplete',
      payment_settings: { save_default_payment_method: 'on_subscription' },
      expand: ['latest_invoice.confirmation_secret'],
    });
    const invoiceId = typeof sub.latest_invoice === 'string' ? sub.latest_invoice : sub.latest_invoice!.id!;
    const secret = typeof sub.latest_invoice === 'object' ? sub.latest_invoice?.confirmation_secret?.client_secret : undefined;
    const pi = await stripe.paymentIntents.confirm(String(secret).split('_secret_')[0]!, { payment_method: 'pm_card_visa' });
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 500 });
    await first.idle();
    await first.close();

    const second = await startStripeEmulator({ port: 0, stateFile, refundSettleMs: 10 });
    try {
      expect(second.restoredAccounts).toBe(1);
      const again = sdkFor(second, account.secretKey);
      expect((await again.customers.retrieve(customer.id)).id).toBe(customer.id);
      expect((await again.subscriptions.retrieve(sub.id)).status).toBe('active');
      expect((await again.invoices.retrieve(invoiceId)).status).toBe('paid');
      expect((await again.paymentIntents.retrieve(pi.id)).status).toBe('succeeded');
      expect((await again.refunds.retrieve(refund.id)).status).toBe('succeeded');
      expect((await again.prices.retrieve(price.id)).unit_amount).toBe(1500);
      expect((await fetch(`${second.url}/_emulator/hosted/invoices/${invoiceId}`)).status).toBe(200);
      // The restored subscription renews with the card its first payment saved.
      expect((await control(second, 'clock/advance', { account: account.id, seconds: 32 * 86400 })).status).toBe(200);
      const renewed = await again.invoices.list({ subscription: sub.id });
      expect(renewed.data.map((i) => [i.billing_reason, i.status])).toContainEqual(['subscription_cycle', 'paid']);
    } finally {
      await second.close();
    }
  });
});

describe('clock/set and idle()', () => {
  it('moves the clock forward (renewing what is due), never back; idle() resolves once deliveries are answered', async () => {
    const emulator = await startStripeEmulator({ port: 0, webhookRetryDelaysMs: [30] });
    const receiver = await startReceiver((n) => (n === 1 ? 500 : 200));
    try {
      const account = await emulator.createAccount();
      const stripe = sdkFor(emulator, account.secretKey);
      await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['customer.created'] });
      await stripe.customers.create({ email: 'a@example.test' });
      await emulator.idle();
      // The first attempt failed (500) and the retry succeeded: both happened before idle() resolved.
      expect(emulator.deliveries({ account: account.id }).map((d) => d.status)).toEqual([500, 200]);

      const now = Math.floor(Date.now() / 1000);
      const set = await control(emulator, 'clock/set', { account: account.id, frozen_time: now + 86400 });
      expect(set.status).toBe(200);
      expect(set.body.now).toBe(now + 86400);
      const back = await control(emulator, 'clock/set', { account: account.id, frozen_time: now });
      expect([back.status, back.body.error?.message]).toEqual([400, 'The test clock cannot move backwards.']);
    } finally {
      await receiver.close();
      await emulator.close();
    }
  });
});
