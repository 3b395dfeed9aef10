import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripeEmulator, type EmulatorAccount, type StripeEmulator } from './server';
import { sdkFor } from './test-helpers';

let emulator: StripeEmulator;
let account: EmulatorAccount;
let stripe: Stripe;
let monthly: Stripe.Price;
let premium: Stripe.Price;

beforeAll(async () => {
  emulator = await startStripeEmulator({ port: 0 });
  account = await emulator.createAccount();
  stripe = sdkFor(emulator, account.secretKey);
  const product = await stripe.products.create({ name: 'Membership' });
  monthly = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' }, nickname: 'Basic' });
  premium = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 3000, recurring: { interval: 'month' }, nickname: 'Premium' });
});
afterAll(() => emulator.close());

const eventTypes = () => [...emulator.core.store.accounts.get(account.id)!.events.values()].map((e) => e.type);
const advance = (seconds: number) =>
  fetch(`${emulator.url}/_emulator/clock/advance`, { method: 'POST', body: JSON.stringify({ account: account.id, seconds }) }).then((r) => r.json() as Promise<{ now: number }>);
const DAY = 86400;

async function subscribe(): Promise<{ sub: Stripe.Subscription; invoice: Stripe.Invoice; customer: Stripe.Customer }> {
  const customer = await stripe.customers.create({ email: 'sub@example.test' });
  const sub = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: monthly.id }],
    payment_behavior: 'default_incomplete',
    payment_settings: { save_default_payment_method: 'on_subscription' },
    expand: ['latest_invoice.confirmation_secret', 'latest_invoice.payments', 'pending_setup_intent'],
  });
  return { sub, invoice: sub.latest_invoice as Stripe.Invoice, customer };
}

function intentOf(invoice: Stripe.Invoice): string {
  const ref = invoice.payments?.data[0]?.payment.payment_intent;
  return typeof ref === 'string' ? ref : (ref?.id ?? '');
}

describe('subscriptions', () => {
  it('default_incomplete: open invoice with confirmation_secret; paying it activates the subscription and saves the card', async () => {
    const { sub, invoice } = await subscribe();
    expect(sub.status).toBe('incomplete');
    expect(sub.items.data[0]?.current_period_end).toBeGreaterThan(sub.items.data[0]!.current_period_start + 27 * DAY);
    expect(invoice.status).toBe('open');
    expect(invoice.amount_due).toBe(1000);
    expect(invoice.parent?.subscription_details?.subscription).toBe(sub.id);
    const pi = await stripe.paymentIntents.retrieve(intentOf(invoice));
    expect(invoice.confirmation_secret?.client_secret).toBe(pi.client_secret);
    // The browser (test Stripe.js) confirms with the publishable key and the secret.
    const res = await fetch(`${emulator.url}/v1/payment_intents/${pi.id}/confirm`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${account.publishableKey}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_secret: pi.client_secret ?? '', payment_method: 'pm_card_visa' }),
    });
    expect(res.status).toBe(200);
    const after = await stripe.subscriptions.retrieve(sub.id);
    expect(after.status).toBe('active');
    expect(after.default_payment_method).toMatch(/^pm_/);
    expect((await stripe.invoices.retrieve(invoice.id!)).status).toBe('paid');
    expect(eventTypes()).toEqual(expect.arrayContaining(['customer.subscription.created', 'invoice.finalized', 'invoice.paid', 'invoice.payment_succeeded', 'customer.subscription.updated']));
  });

  it('a declined first payment leaves it incomplete; 23h later it is incomplete_expired', async () => {
    const { sub, invoice } = await subscribe();
    await expect(stripe.paymentIntents.confirm(intentOf(invoice), { payment_method: 'pm_card_chargeDeclined' })).rejects.toThrow(/declined/);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('incomplete');
    await advance(DAY);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('incomplete_expired');
    expect((await stripe.invoices.retrieve(invoice.id!)).status).toBe('void');
  });

  it('test clock renews with the saved card; a failing card makes it past_due; paying the open invoice reactivates', async () => {
    const { sub, invoice, customer } = await subscribe();
    await stripe.paymentIntents.confirm(intentOf(invoice), { payment_method: 'pm_card_visa' });
    await advance(32 * DAY);
    const renewed = await stripe.subscriptions.retrieve(sub.id);
    expect(renewed.status).toBe('active');
    expect(renewed.latest_invoice).not.toBe(invoice.id);
    const cycle = await stripe.invoices.retrieve(renewed.latest_invoice as string);
    expect(cycle).toMatchObject({ status: 'paid', billing_reason: 'subscription_cycle', amount_paid: 1000 });
    expect(renewed.items.data[0]!.current_period_start).toBe(sub.items.data[0]!.current_period_end);

    const failing = await stripe.paymentMethods.create({ type: 'card', card: { number: '4000000000009995', exp_month: 12, exp_year: new Date().getFullYear() + 2, cvc: '123' } });
    await stripe.paymentMethods.attach(failing.id, { customer: customer.id });
    await stripe.subscriptions.update(sub.id, { default_payment_method: failing.id });
    await advance(32 * DAY);
    const pastDue = await stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice.confirmation_secret', 'latest_invoice.payments'] });
    expect(pastDue.status).toBe('past_due');
    const open = pastDue.latest_invoice as Stripe.Invoice;
    expect(open).toMatchObject({ status: 'open', attempt_count: 1 });
    expect(eventTypes()).toContain('invoice.payment_failed');
    await stripe.paymentIntents.confirm(intentOf(open), { payment_method: 'pm_card_visa' });
    const recovered = await stripe.subscriptions.retrieve(sub.id);
    expect(recovered.status).toBe('active');
    // on_subscription: the card that paid becomes the default, so the next renewal uses it.
    expect(recovered.default_payment_method).not.toBe(failing.id);
    expect((await stripe.invoices.list({ subscription: sub.id })).data.map((i) => i.status)).toEqual(['paid', 'paid', 'paid']);
  });

  it('cancel at period end then resume; cancel at period end then the clock ends it; DELETE cancels now', async () => {
    const { sub, invoice } = await subscribe();
    await stripe.paymentIntents.confirm(intentOf(invoice), { payment_method: 'pm_card_visa' });
    const pending = await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    expect(pending).toMatchObject({ status: 'active', cancel_at_period_end: true, cancel_at: sub.items.data[0]!.current_period_end });
    expect((await stripe.subscriptions.update(sub.id, { cancel_at_period_end: false })).cancel_at).toBeNull();
    await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    await advance(32 * DAY);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('canceled');
    expect(eventTypes()).toContain('customer.subscription.deleted');

    const other = await subscribe();
    await stripe.paymentIntents.confirm(intentOf(other.invoice), { payment_method: 'pm_card_visa' });
    expect((await stripe.subscriptions.cancel(other.sub.id)).status).toBe('canceled');
    await expect(stripe.subscriptions.cancel(other.sub.id)).rejects.toThrow(/already canceled/);
  });

  it('proration preview, then an upgrade with always_invoice charges the difference', async () => {
    const { sub, invoice } = await subscribe();
    await stripe.paymentIntents.confirm(intentOf(invoice), { payment_method: 'pm_card_visa' });
    const item = sub.items.data[0]!;
    const preview = await stripe.invoices.createPreview({
      subscription: sub.id,
      subscription_details: { items: [{ id: item.id, price: premium.id }], proration_behavior: 'always_invoice' },
    });
    expect(preview.lines.data).toHaveLength(2);
    expect(preview.amount_due).toBeGreaterThan(1900);
    expect(preview.amount_due).toBeLessThanOrEqual(2000);
    const upgraded = await stripe.subscriptions.update(sub.id, { items: [{ id: item.id, price: premium.id }], proration_behavior: 'always_invoice' });
    expect(upgraded.items.data[0]!.price.id).toBe(premium.id);
    const prorationInvoice = await stripe.invoices.retrieve(upgraded.latest_invoice as string);
    expect(prorationInvoice).toMatchObject({ status: 'paid', billing_reason: 'subscription_update' });
    await expect(stripe.subscriptions.update(sub.id, { items: [{ id: item.id, price: 'price_missing' }] })).rejects.toThrow(/No such price/);
  });
});

describe('invoices', () => {
  it('draft with two lines → finalize → paid via the confirmation secret; void; errors on bad transitions', async () => {
    const customer = await stripe.customers.create({ email: 'inv@example.test' });
    const draft = await stripe.invoices.create({ customer: customer.id, collection_method: 'send_invoice', days_until_due: 14, description: 'Workshop' });
    expect(draft.status).toBe('draft');
    await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, amount: 2500, currency: 'usd', description: 'Workshop seat' });
    await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, amount: 500, currency: 'usd', description: 'Materials' });
    const open = await stripe.invoices.finalizeInvoice(draft.id!, { expand: ['confirmation_secret', 'payments'] });
    expect(open).toMatchObject({ status: 'open', amount_due: 3000, total: 3000 });
    expect(open.number).toBeTruthy();
    expect(open.hosted_invoice_url).toContain(open.id);
    expect(open.lines.data.map((l) => l.description)).toEqual(['Workshop seat', 'Materials']);
    await stripe.paymentIntents.confirm(intentOf(open), { payment_method: 'pm_card_visa' });
    expect((await stripe.invoices.retrieve(open.id!)).status).toBe('paid');
    await expect(stripe.invoices.voidInvoice(open.id!)).rejects.toThrow(/open or uncollectible/);

    const second = await stripe.invoices.create({ customer: customer.id, collection_method: 'send_invoice', days_until_due: 7 });
    await stripe.invoiceItems.create({ customer: customer.id, invoice: second.id, amount: 900, currency: 'usd', description: 'Late fee' });
    await stripe.invoices.finalizeInvoice(second.id!);
    await expect(stripe.invoiceItems.create({ customer: customer.id, invoice: second.id, amount: 1, currency: 'usd' })).rejects.toThrow(/draft/);
    expect((await stripe.invoices.voidInvoice(second.id!)).status).toBe('void');
    expect(eventTypes()).toContain('invoice.voided');
    expect((await stripe.invoices.list({ customer: customer.id, status: 'void' })).data.map((i) => i.id)).toEqual([second.id]);
  });
});

describe('hosted invoice links', () => {
  it('hosted_invoice_url resolves to the invoice summary', async () => {
    const customer = await stripe.customers.create({ email: 'hosted@example.test' });
    const draft = await stripe.invoices.create({ customer: customer.id, collection_method: 'send_invoice', days_until_due: 3 });
    await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, amount: 700, currency: 'usd', description: 'Locker' });
    const open = await stripe.invoices.finalizeInvoice(draft.id!);
    const res = await fetch(open.hosted_invoice_url!);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: open.id, status: 'open', amount_due: 700 });
  });
});

describe('billing portal', () => {
  it('creates a session whose url resolves and carries the return_url; unknown customers are 404', async () => {
    const customer = await stripe.customers.create({ email: 'portal@example.test' });
    const session = await stripe.billingPortal.sessions.create({ customer: customer.id, return_url: 'http://localhost:3000/acme/billing/subscription' });
    expect(session.url).toContain(session.id);
    expect(await (await fetch(session.url)).json()).toMatchObject({ customer: customer.id, return_url: 'http://localhost:3000/acme/billing/subscription' });
    await expect(stripe.billingPortal.sessions.create({ customer: 'cus_missing' })).rejects.toThrow(/No such customer/);
  });
});

describe('checkout sessions', () => {
  it('embedded_page payment: client_secret, completion pays and emits completed; endive rules enforced', async () => {
    const product = await stripe.products.create({ name: 'Ticket' });
    const ticket = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 2500 });
    await expect(stripe.checkout.sessions.create({ ui_mode: 'embedded' as never, mode: 'payment', line_items: [{ price: ticket.id, quantity: 1 }], return_url: 'http://x.test/r' })).rejects.toThrow(/ui_mode/);
    await expect(stripe.checkout.sessions.create({ ui_mode: 'embedded_page', mode: 'payment', line_items: [{ price: ticket.id, quantity: 1 }], return_url: 'http://x.test/r', cancel_url: 'http://x.test/c' } as never)).rejects.toThrow(/cancel_url/);
    const session = await stripe.checkout.sessions.create({ ui_mode: 'embedded_page', mode: 'payment', line_items: [{ price: ticket.id, quantity: 2 }], return_url: 'http://x.test/r?session_id={CHECKOUT_SESSION_ID}' });
    expect(session).toMatchObject({ status: 'open', amount_total: 5000 });
    expect(session.client_secret).toMatch(/_secret_/);
    const res = await fetch(`${emulator.url}/v1/checkout/sessions/${session.id}/_complete`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${account.publishableKey}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_secret: session.client_secret ?? '', payment_method: 'pm_card_visa' }),
    });
    expect(res.status).toBe(200);
    const done = await stripe.checkout.sessions.retrieve(session.id);
    expect(done).toMatchObject({ status: 'complete', payment_status: 'paid' });
    expect((await stripe.paymentIntents.retrieve(done.payment_intent as string)).status).toBe('succeeded');
    expect(eventTypes()).toContain('checkout.session.completed');
    const other = await stripe.checkout.sessions.create({ ui_mode: 'embedded_page', mode: 'payment', line_items: [{ price: ticket.id }], return_url: 'http://x.test/r' });
    expect((await stripe.checkout.sessions.expire(other.id)).status).toBe('expired');
    expect(eventTypes()).toContain('checkout.session.expired');
  });
});
