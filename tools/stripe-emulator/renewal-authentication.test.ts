// The "always authenticate" card (4000 0027 6000 3184, pm_card_authenticationRequired) and the
// renewal notice: what a subscription's owner sees from Stripe when a renewal needs 3-D Secure, and
// invoice.upcoming three days before each renewal as the test clock passes that moment.
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
  monthly = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1200, recurring: { interval: 'month' }, nickname: 'Monthly' });
});
afterAll(() => emulator.close());

const DAY = 86400;
const events = () => [...emulator.core.store.accounts.get(account.id)!.events.values()];
const advance = (seconds: number) =>
  fetch(`${emulator.url}/_emulator/clock/advance`, { method: 'POST', body: JSON.stringify({ account: account.id, seconds }) }).then((r) => r.json() as Promise<{ now: number }>);
const authenticate = (piId: string, outcome: 'approve' | 'fail') =>
  fetch(`${emulator.url}/_emulator/intents/${piId}/authenticate`, { method: 'POST', body: JSON.stringify({ outcome }) });

function intentOf(invoice: Stripe.Invoice): string {
  const ref = invoice.payments?.data[0]?.payment.payment_intent;
  return typeof ref === 'string' ? ref : (ref?.id ?? '');
}

/** A member subscribes on-session with the card and completes the bank's challenge. */
async function subscribeAuthenticated(email: string): Promise<{ sub: Stripe.Subscription; customer: Stripe.Customer }> {
  const customer = await stripe.customers.create({ email });
  const sub = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: monthly.id }],
    payment_behavior: 'default_incomplete',
    payment_settings: { save_default_payment_method: 'on_subscription' },
    expand: ['latest_invoice.confirmation_secret', 'latest_invoice.payments'],
  });
  const first = sub.latest_invoice as Stripe.Invoice;
  const pending = await stripe.paymentIntents.confirm(intentOf(first), { payment_method: 'pm_card_authenticationRequired', use_stripe_sdk: true });
  expect(pending.status).toBe('requires_action');
  expect((await authenticate(pending.id, 'approve')).status).toBe(200);
  const active = await stripe.subscriptions.retrieve(sub.id);
  expect(active.status).toBe('active');
  return { sub: active, customer };
}

describe('4000 0027 6000 3184 (always authenticate)', () => {
  it('on-session: the confirm needs 3-D Secure even for a card saved for off-session use', async () => {
    const customer = await stripe.customers.create({ email: 'card@example.test' });
    const pm = await stripe.paymentMethods.create({ type: 'card', card: { number: '4000002760003184', exp_month: 12, exp_year: new Date().getFullYear() + 2, cvc: '123' } });
    await stripe.paymentMethods.attach(pm.id, { customer: customer.id });
    const pi = await stripe.paymentIntents.create({ amount: 500, currency: 'usd', customer: customer.id, payment_method: pm.id, confirm: true, return_url: 'http://localhost:3000/r' });
    expect(pi.status).toBe('requires_action');
    expect(pi.next_action?.type).toBe('redirect_to_url');
  });

  it('off-session PaymentIntent: declined with authentication_required', async () => {
    const customer = await stripe.customers.create({ email: 'off@example.test' });
    const pm = await stripe.paymentMethods.attach('pm_card_authenticationRequired', { customer: customer.id });
    const err = await stripe.paymentIntents
      .create({ amount: 500, currency: 'usd', customer: customer.id, payment_method: pm.id, off_session: true, confirm: true })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'authentication_required', decline_code: 'authentication_required', statusCode: 402 });
  });

  it('renewal: the invoice stays open, its PaymentIntent requires_action, payment_failed + payment_action_required, past_due; authenticating pays it', async () => {
    const { sub } = await subscribeAuthenticated('renew-3ds@example.test');
    const before = events().length;
    await advance(32 * DAY);
    const pastDue = await stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice.payments'] });
    expect(pastDue.status).toBe('past_due');
    const renewal = pastDue.latest_invoice as Stripe.Invoice;
    expect(renewal).toMatchObject({ status: 'open', billing_reason: 'subscription_cycle', attempt_count: 1, amount_remaining: 1200 });
    const pi = await stripe.paymentIntents.retrieve(intentOf(renewal));
    expect(pi.status).toBe('requires_action');
    expect(pi.last_payment_error).toMatchObject({ code: 'authentication_required', decline_code: 'authentication_required' });
    const after = events().slice(before);
    const about = (type: string) => after.filter((e) => e.type === type && (e.data.object as { id?: string }).id === renewal.id);
    expect(about('invoice.payment_failed')).toHaveLength(1);
    expect(about('invoice.payment_action_required')).toHaveLength(1);
    expect(about('invoice.paid')).toHaveLength(0);
    expect(after.filter((e) => e.type === 'payment_intent.payment_failed')).toHaveLength(0);
    // Stripe sends the failure before asking for the action.
    expect(after.findIndex((e) => e.type === 'invoice.payment_failed')).toBeLessThan(after.findIndex((e) => e.type === 'invoice.payment_action_required'));

    // The member confirms on-session (the portal's pay page) and completes the challenge.
    const again = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_authenticationRequired', use_stripe_sdk: true });
    expect(again.status).toBe('requires_action');
    expect((await authenticate(pi.id, 'approve')).status).toBe(200);
    expect(await stripe.invoices.retrieve(renewal.id!)).toMatchObject({ status: 'paid', amount_remaining: 0 });
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
  });

  it('invoices.pay off-session answers 402 and leaves the PaymentIntent waiting for the customer', async () => {
    const customer = await stripe.customers.create({ email: 'pay@example.test' });
    const pm = await stripe.paymentMethods.attach('pm_card_authenticationRequired', { customer: customer.id });
    await stripe.invoiceItems.create({ customer: customer.id, amount: 700, currency: 'usd' });
    const invoice = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' });
    await expect(stripe.invoices.pay(invoice.id!, { payment_method: pm.id })).rejects.toMatchObject({ statusCode: 402 });
    const open = await stripe.invoices.retrieve(invoice.id!, { expand: ['payments'] });
    expect(open.status).toBe('open');
    expect((await stripe.paymentIntents.retrieve(intentOf(open))).status).toBe('requires_action');
  });
});

describe('invoice.upcoming', () => {
  it('fires once, three days before the renewal, with a preview of the renewal invoice', async () => {
    const { sub } = await subscribeAuthenticated('upcoming@example.test');
    const periodEnd = sub.items.data[0]!.current_period_end;
    const upcoming = () => events().filter((e) => e.type === 'invoice.upcoming' && (e.data.object as Stripe.Invoice).parent?.subscription_details?.subscription === sub.id);
    const clock = await advance(1);
    // Just short of the three-day mark: nothing yet.
    await advance(periodEnd - 3 * DAY - clock.now - 60);
    expect(upcoming()).toHaveLength(0);
    await advance(120);
    expect(upcoming()).toHaveLength(1);
    const preview = upcoming()[0]!.data.object as Stripe.Invoice;
    expect(preview.id).toMatch(/^upcoming_in_/);
    expect(preview).toMatchObject({ amount_due: 1200, status: 'draft', billing_reason: 'upcoming', next_payment_attempt: periodEnd });
    expect(preview.lines.data[0]?.period.start).toBe(periodEnd);
    // The preview is not an invoice of the account.
    const listed = await stripe.invoices.list({ subscription: sub.id });
    expect(listed.data.map((i) => i.id)).not.toContain(preview.id);
    // Moving on within the same period sends nothing more.
    await advance(DAY);
    expect(upcoming()).toHaveLength(1);
  });

  it('is not sent for a subscription that cancels at the period end', async () => {
    const { sub } = await subscribeAuthenticated('leaving@example.test');
    await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    await advance(29 * DAY);
    expect(events().filter((e) => e.type === 'invoice.upcoming' && (e.data.object as Stripe.Invoice).parent?.subscription_details?.subscription === sub.id)).toHaveLength(0);
  });
});
