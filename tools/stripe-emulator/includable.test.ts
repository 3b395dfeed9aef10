// Includable fields (invoice.payments, invoice.confirmation_secret, charge.refunds) appear only where a
// request expands them and never in event payloads; paying an invoice through its PaymentIntent emits
// invoice_payment.paid, then invoice.paid and invoice.payment_succeeded, all in the same second.
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripeEmulator, type EmulatorAccount, type StripeEmulator } from './server';
import { API_VERSION, sdkFor, startReceiver, waitFor, type Receiver } from './test-helpers';

let emulator: StripeEmulator;
const receivers: Receiver[] = [];

beforeAll(async () => {
  emulator = await startStripeEmulator({ port: 0, webhookRetryDelaysMs: [50] });
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await emulator.close();
});

async function setup() {
  const account: EmulatorAccount = await emulator.createAccount();
  const stripe = sdkFor(emulator, account.secretKey);
  const receiver = await startReceiver(200);
  receivers.push(receiver);
  await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['*'], api_version: API_VERSION });
  return { account, stripe, receiver };
}

/** GET with the raw JSON body, so "absent" really means the key is not in the response. */
async function rawGet(account: EmulatorAccount, path: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${emulator.url}${path}`, { headers: { Authorization: `Bearer ${account.secretKey}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

async function openInvoice(stripe: Stripe, amount = 2500): Promise<Stripe.Invoice> {
  const customer = await stripe.customers.create({ email: 'includable@example.test' });
  const draft = await stripe.invoices.create({ customer: customer.id, collection_method: 'send_invoice', days_until_due: 7 });
  await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, amount, currency: 'usd', description: 'Seat' });
  return stripe.invoices.finalizeInvoice(draft.id!);
}

const events = (receiver: Receiver) => receiver.received.map((r) => JSON.parse(r.rawBody) as Stripe.Event);

describe('invoice.payments and invoice.confirmation_secret', () => {
  it('are absent unless expanded, on every route that returns an invoice', async () => {
    const { account, stripe } = await setup();
    const open = await openInvoice(stripe);
    expect(open).not.toHaveProperty('payments');
    expect(open).not.toHaveProperty('confirmation_secret');
    const raw = await rawGet(account, `/v1/invoices/${open.id}`);
    expect(Object.keys(raw)).not.toContain('payments');
    expect(Object.keys(raw)).not.toContain('confirmation_secret');

    const withPayments = await stripe.invoices.retrieve(open.id!, { expand: ['payments'] });
    expect(withPayments).not.toHaveProperty('confirmation_secret');
    expect(withPayments.payments?.data).toHaveLength(1);
    const piId = withPayments.payments!.data[0]!.payment.payment_intent as string;
    expect(piId).toMatch(/^pi_/);

    const withSecret = await stripe.invoices.retrieve(open.id!, { expand: ['confirmation_secret'] });
    expect(withSecret).not.toHaveProperty('payments');
    const pi = await stripe.paymentIntents.retrieve(piId);
    expect(withSecret.confirmation_secret).toEqual({ client_secret: pi.client_secret, type: 'payment_intent' });

    // Deeper: the PaymentIntent behind the payment, expanded through the includable list.
    const deep = await stripe.invoices.retrieve(open.id!, { expand: ['payments.data.payment.payment_intent'] });
    expect((deep.payments!.data[0]!.payment.payment_intent as Stripe.PaymentIntent).id).toBe(piId);

    // Lists: `data.` paths.
    const listed = await stripe.invoices.list({ customer: open.customer as string });
    expect(listed.data[0]).not.toHaveProperty('payments');
    expect(listed.data[0]).not.toHaveProperty('confirmation_secret');
    const listedExpanded = await stripe.invoices.list({ customer: open.customer as string, expand: ['data.payments', 'data.confirmation_secret'] });
    expect(listedExpanded.data[0]?.payments?.data[0]?.id).toBe(withPayments.payments!.data[0]!.id);
    expect(listedExpanded.data[0]?.confirmation_secret?.client_secret).toBe(pi.client_secret);

    // Write routes answer the same way (update, void).
    expect(await stripe.invoices.update(open.id!, { metadata: { a: '1' } })).not.toHaveProperty('payments');
    const voided = await stripe.invoices.voidInvoice(open.id!, { expand: ['payments'] });
    expect(voided).not.toHaveProperty('confirmation_secret');
    expect(voided.payments?.data[0]).toMatchObject({ status: 'canceled', status_transitions: { canceled_at: expect.any(Number), paid_at: null } });
  });

  it('an invoice reached through another object is stripped too, unless the path names the field', async () => {
    const { stripe } = await setup();
    const customer = await stripe.customers.create({ email: 'sub@example.test' });
    const product = await stripe.products.create({ name: 'Membership' });
    const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' } });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], payment_behavior: 'default_incomplete', expand: ['latest_invoice'] });
    const latest = sub.latest_invoice as Stripe.Invoice;
    expect(latest.object).toBe('invoice');
    expect(latest).not.toHaveProperty('payments');
    expect(latest).not.toHaveProperty('confirmation_secret');
    const withSecret = await stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice.confirmation_secret'] });
    expect((withSecret.latest_invoice as Stripe.Invoice).confirmation_secret?.client_secret).toMatch(/^pi_.+_secret_/);
    expect(withSecret.latest_invoice).not.toHaveProperty('payments');
    const both = await stripe.subscriptions.list({ customer: customer.id, expand: ['data.latest_invoice.payments'] });
    expect((both.data[0]?.latest_invoice as Stripe.Invoice).payments?.data).toHaveLength(1);
  });
});

describe('charge.refunds', () => {
  it('is absent unless expanded (retrieve, list, expanded latest_charge)', async () => {
    const { account, stripe } = await setup();
    const pi = await stripe.paymentIntents.create({ amount: 3000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 1000 });
    const chargeId = pi.latest_charge as string;

    expect(Object.keys(await rawGet(account, `/v1/charges/${chargeId}`))).not.toContain('refunds');
    expect(await stripe.charges.retrieve(chargeId)).toMatchObject({ amount_refunded: 1000 });
    expect(await stripe.charges.retrieve(chargeId)).not.toHaveProperty('refunds');
    expect((await stripe.charges.retrieve(chargeId, { expand: ['refunds'] })).refunds?.data.map((r) => r.id)).toEqual([refund.id]);

    expect((await stripe.charges.list({ payment_intent: pi.id })).data[0]).not.toHaveProperty('refunds');
    expect((await stripe.charges.list({ payment_intent: pi.id, expand: ['data.refunds'] })).data[0]?.refunds?.data).toHaveLength(1);

    const viaIntent = await stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge'] });
    expect(viaIntent.latest_charge).toMatchObject({ id: chargeId, object: 'charge' });
    expect(viaIntent.latest_charge).not.toHaveProperty('refunds');
    const viaIntentRefunds = await stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge.refunds'] });
    expect((viaIntentRefunds.latest_charge as Stripe.Charge).refunds?.data[0]?.id).toBe(refund.id);
    // The refund's own charge, expanded, is a charge like any other.
    expect((await stripe.refunds.retrieve(refund.id, { expand: ['charge'] })).charge).not.toHaveProperty('refunds');
  });
});

describe('event payloads', () => {
  it('never carry includable fields (delivered bodies and /v1/events alike)', async () => {
    const { stripe, receiver } = await setup();
    const open = await openInvoice(stripe);
    const { payments } = await stripe.invoices.retrieve(open.id!, { expand: ['payments'] });
    await stripe.paymentIntents.confirm(payments!.data[0]!.payment.payment_intent as string, { payment_method: 'pm_card_visa' });
    const charge = await stripe.charges.list({ limit: 1 });
    await stripe.refunds.create({ charge: charge.data[0]!.id, amount: 500 });

    await waitFor(() => events(receiver).some((e) => e.type === 'charge.refunded'));
    const delivered = events(receiver);
    const invoiceEvents = delivered.filter((e) => e.type.startsWith('invoice.'));
    expect(invoiceEvents.map((e) => e.type)).toEqual(['invoice.created', 'invoice.finalized', 'invoice.paid', 'invoice.payment_succeeded']);
    for (const e of invoiceEvents) {
      expect(e.data.object).not.toHaveProperty('payments');
      expect(e.data.object).not.toHaveProperty('confirmation_secret');
    }
    const chargeEvents = delivered.filter((e) => e.type.startsWith('charge.'));
    expect(chargeEvents.map((e) => e.type)).toEqual(['charge.succeeded', 'charge.refunded']);
    for (const e of chargeEvents) expect(e.data.object).not.toHaveProperty('refunds');
    // The stored objects stay complete: expanding still works after the events went out.
    expect((await stripe.charges.retrieve(charge.data[0]!.id, { expand: ['refunds'] })).refunds?.data).toHaveLength(1);

    const listed = await stripe.events.list({ limit: 100 });
    for (const e of listed.data) {
      if (e.type.startsWith('invoice.')) expect(e.data.object).not.toHaveProperty('payments');
      if (e.type.startsWith('invoice.')) expect(e.data.object).not.toHaveProperty('confirmation_secret');
      if (e.type.startsWith('charge.')) expect(e.data.object).not.toHaveProperty('refunds');
    }
    // An event's payload is not an expandable object: Stripe refuses `expand[]=data.object.…`.
    const refused = await stripe.events.retrieve(invoiceEvents[2]!.id, { expand: ['data.object.payments'] }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ type: 'StripeInvalidRequestError', statusCode: 400, message: 'This property cannot be expanded (data.object).' });
  });

  it('even when a test triggers an event with an object that has them', async () => {
    const { account, receiver } = await setup();
    const res = await fetch(`${emulator.url}/_emulator/events/trigger`, {
      method: 'POST',
      body: JSON.stringify({ account: account.id, type: 'invoice.paid', object: { id: 'in_1', object: 'invoice', payments: { object: 'list', data: [] }, confirmation_secret: null } }),
    });
    expect(res.status).toBe(200);
    await waitFor(() => receiver.received.length === 1);
    expect(events(receiver)[0]?.data.object).toEqual({ id: 'in_1', object: 'invoice' });
  });
});

describe('invoice_payment.paid', () => {
  it('is emitted with a Stripe.InvoicePayment, before invoice.paid and invoice.payment_succeeded, in the same second', async () => {
    const { stripe, receiver } = await setup();
    const open = await openInvoice(stripe, 4200);
    const { payments } = await stripe.invoices.retrieve(open.id!, { expand: ['payments'] });
    const piId = payments!.data[0]!.payment.payment_intent as string;
    await stripe.paymentIntents.confirm(piId, { payment_method: 'pm_card_visa' });
    await waitFor(() => events(receiver).some((e) => e.type === 'invoice.payment_succeeded'));

    const all = events(receiver);
    const types: string[] = all.map((e) => e.type);
    const at = (t: string) => types.indexOf(t);
    expect(at('payment_intent.succeeded')).toBeGreaterThanOrEqual(0);
    expect(at('payment_intent.succeeded')).toBeLessThan(at('invoice_payment.paid'));
    expect(at('invoice_payment.paid')).toBeLessThan(at('invoice.paid'));
    expect(at('invoice.paid')).toBeLessThan(at('invoice.payment_succeeded'));
    expect(types.filter((t) => t === 'invoice_payment.paid')).toHaveLength(1);

    const event = all[at('invoice_payment.paid')] as Stripe.InvoicePaymentPaidEvent;
    const paid = all[at('invoice.paid')]!;
    const succeeded = all[at('invoice.payment_succeeded')]!;
    expect(event.created).toBe(paid.created);
    expect(event.created).toBe(succeeded.created);
    const payment: Stripe.InvoicePayment = event.data.object;
    expect(payment).toEqual({
      id: expect.stringMatching(/^inpay_/),
      object: 'invoice_payment',
      amount_paid: 4200,
      amount_requested: 4200,
      created: expect.any(Number),
      currency: 'usd',
      invoice: open.id,
      is_default: true,
      livemode: false,
      payment: { type: 'payment_intent', payment_intent: piId },
      status: 'paid',
      status_transitions: { canceled_at: null, paid_at: expect.any(Number) },
    });
    expect(payment.id).toBe(payments!.data[0]!.id);

    // The same object through the API: the includable list and /v1/invoice_payments.
    const after = await stripe.invoices.retrieve(open.id!, { expand: ['payments'] });
    expect(after.payments?.data[0]).toEqual(payment);
    expect((await stripe.invoicePayments.list({ invoice: open.id! })).data).toEqual([payment]);
    expect((await stripe.invoicePayments.list({ payment: { type: 'payment_intent', payment_intent: piId } })).data.map((p) => p.id)).toEqual([payment.id]);
    expect(await stripe.invoicePayments.retrieve(payment.id)).toEqual(payment);
    await expect(stripe.invoicePayments.retrieve('inpay_missing')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('is emitted for off-session payments (invoices.pay) too, and not for an invoice with nothing due', async () => {
    const { stripe, receiver } = await setup();
    const open = await openInvoice(stripe, 900);
    await stripe.invoices.pay(open.id!, { payment_method: 'pm_card_visa' });
    const customer = await stripe.customers.create({});
    const empty = await stripe.invoices.create({ customer: customer.id, collection_method: 'send_invoice', days_until_due: 1 });
    expect((await stripe.invoices.finalizeInvoice(empty.id!)).status).toBe('paid');
    await waitFor(() => events(receiver).filter((e) => e.type === 'invoice.paid').length === 2);
    const paidEvents = events(receiver).filter((e) => e.type === 'invoice_payment.paid') as Stripe.InvoicePaymentPaidEvent[];
    expect(paidEvents.map((e) => e.data.object.invoice)).toEqual([open.id]);
    expect(paidEvents[0]?.data.object).toMatchObject({ status: 'paid', amount_paid: 900 });
  });
});
