import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripeEmulator, type EmulatorAccount, type StripeEmulator } from './server';
import { API_VERSION, eventTypes, sdkFor, startReceiver, waitFor, type Receiver } from './test-helpers';

let emulator: StripeEmulator;
const receivers: Receiver[] = [];

beforeAll(async () => {
  emulator = await startStripeEmulator({ port: 0, webhookRetryDelaysMs: [50, 100] });
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await emulator.close();
});

async function setup(status: Receiver['status'] = 200, events: Stripe.WebhookEndpointCreateParams.EnabledEvent[] = ['*']) {
  const account: EmulatorAccount = await emulator.createAccount();
  const stripe = sdkFor(emulator, account.secretKey);
  const receiver = await startReceiver(status);
  receivers.push(receiver);
  const endpoint = await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: events, api_version: API_VERSION });
  return { account, stripe, receiver, endpoint };
}

const paid = (stripe: Stripe) => stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });

describe('webhook endpoints', () => {
  it('returns the signing secret only on create; supports list/update/delete', async () => {
    const { stripe, endpoint } = await setup();
    expect(endpoint.secret).toMatch(/^whsec_/);
    expect(endpoint.api_version).toBe(API_VERSION);
    const fetched = await stripe.webhookEndpoints.retrieve(endpoint.id);
    expect(fetched.secret).toBeUndefined();
    expect((await stripe.webhookEndpoints.list()).data.map((e) => e.id)).toEqual([endpoint.id]);
    expect((await stripe.webhookEndpoints.update(endpoint.id, { disabled: true })).status).toBe('disabled');
    expect(await stripe.webhookEndpoints.del(endpoint.id)).toMatchObject({ id: endpoint.id, deleted: true });
  });

  it('refuses, clearly, an api_version it cannot render events in (rather than sending another version\'s shape)', async () => {
    const { stripe, receiver } = await setup();
    const refused = await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['*'], api_version: '2024-06-20' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(refused).toMatchObject({ statusCode: 400, param: 'api_version', message: expect.stringContaining(`renders events in API version ${API_VERSION} only`) });
    expect((await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['*'] })).api_version).toBeNull();
  });
});

describe('signed delivery', () => {
  it('delivers payment_intent.succeeded with a signature the SDK verifies', async () => {
    const { stripe, receiver, endpoint } = await setup(200, ['payment_intent.succeeded', 'charge.succeeded']);
    const pi = await paid(stripe);
    const hit = await waitFor(() => receiver.received.find((r) => r.rawBody.includes('"payment_intent.succeeded"')));
    const event = stripe.webhooks.constructEvent(hit.rawBody, hit.signature, endpoint.secret ?? '');
    expect(event.type).toBe('payment_intent.succeeded');
    expect(event.api_version).toBe(API_VERSION);
    expect(event.livemode).toBe(false);
    expect((event.data.object as Stripe.PaymentIntent).id).toBe(pi.id);
    expect((event.data.object as Stripe.PaymentIntent).status).toBe('succeeded');
    expect(event.request?.id).toMatch(/^req_/);
    expect(hit.userAgent).toBe('Stripe/1.0 (+https://stripe.com/docs/webhooks)');
    expect(hit.contentType).toBe('application/json; charset=utf-8');
    expect(hit.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(() => stripe.webhooks.constructEvent(hit.rawBody, hit.signature, 'whsec_wrong')).toThrow(Stripe.errors.StripeSignatureVerificationError);
    // Only subscribed types arrive (no payment_intent.created).
    await waitFor(() => receiver.received.length >= 2);
    expect(eventTypes(receiver).sort()).toEqual(['charge.succeeded', 'payment_intent.succeeded']);
  });

  it('emits the events of a full customer + payment + refund story', async () => {
    const { stripe, receiver } = await setup();
    const customer = await stripe.customers.create({ email: 'e@example.test' });
    await stripe.customers.update(customer.id, { name: 'E' });
    const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', customer: customer.id, payment_method: 'pm_card_visa', setup_future_usage: 'off_session', confirm: true });
    await stripe.refunds.create({ payment_intent: pi.id, amount: 500 });
    await stripe.customers.del(customer.id);
    const expected = ['customer.created', 'customer.updated', 'payment_intent.created', 'charge.succeeded', 'payment_method.attached', 'payment_intent.succeeded', 'refund.created', 'charge.refunded', 'customer.deleted'];
    await waitFor(() => receiver.received.length >= expected.length);
    expect(eventTypes(receiver)).toEqual(expected);
    const updated = JSON.parse(receiver.received[1]?.rawBody ?? '{}') as Stripe.CustomerUpdatedEvent;
    expect(updated.data.previous_attributes).toEqual({ name: null });
    const refunded = JSON.parse(receiver.received[7]?.rawBody ?? '{}') as Stripe.ChargeRefundedEvent;
    expect(refunded.data.previous_attributes).toEqual({ amount_refunded: 0, refunded: false });
    expect(refunded.data.object.amount_refunded).toBe(500);
    const listed = await stripe.events.list({ type: 'payment_intent.*' });
    expect(listed.data.map((e) => e.type)).toEqual(['payment_intent.succeeded', 'payment_intent.created']);
    await waitFor(() => emulator.deliveries({ type: 'customer.deleted' }).length > 0);
    const fetched = await stripe.events.retrieve(listed.data[0]?.id ?? '');
    expect(fetched.pending_webhooks).toBe(0);
  });

  it('retries a failing receiver with the configured delays, then succeeds', async () => {
    const { account, stripe, receiver } = await setup((n) => (n < 3 ? 500 : 200), ['customer.created']);
    await stripe.customers.create({});
    await waitFor(() => receiver.received.length >= 3, 3000);
    const attempts = emulator.deliveries({ account: account.id, type: 'customer.created' });
    expect(attempts.map((a) => [a.attempt, a.status])).toEqual([[1, 500], [2, 500], [3, 200]]);
    // The same event id every time (at-least-once delivery).
    expect(new Set(receiver.received.map((r) => (JSON.parse(r.rawBody) as { id: string }).id)).size).toBe(1);
    expect((await stripe.events.list({ delivery_success: true })).data).toHaveLength(1);
  });

  it('gives up after the retry schedule and reports the event as undelivered', async () => {
    const { account, stripe, receiver } = await setup(503, ['customer.created']);
    await stripe.customers.create({});
    await waitFor(() => emulator.deliveries({ account: account.id }).length >= 3, 3000);
    await new Promise((r) => setTimeout(r, 250));
    expect(receiver.received).toHaveLength(3);
    expect((await stripe.events.list({ delivery_success: false })).data.map((e) => e.type)).toEqual(['customer.created']);
  });

  it("isolates accounts: B's endpoint never sees A's events", async () => {
    const a = await setup();
    const b = await setup();
    await paid(a.stripe);
    await waitFor(() => a.receiver.received.some((r) => r.rawBody.includes('payment_intent.succeeded')));
    await new Promise((r) => setTimeout(r, 150));
    expect(b.receiver.received).toHaveLength(0);
    expect((await b.stripe.events.list()).data).toHaveLength(0);
    const aPi = (await a.stripe.paymentIntents.list()).data[0];
    await expect(b.stripe.paymentIntents.retrieve(aPi?.id ?? '')).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });

  it('triggers, resends and reorders events through control routes', async () => {
    const { account, receiver } = await setup();
    const post = (path: string, body: unknown = {}) => fetch(`${emulator.url}${path}`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json() as Promise<{ id: string }>);
    const triggered = await post('/_emulator/events/trigger', { account: account.id, type: 'invoice.paid', object: { id: 'in_123', object: 'invoice' } });
    await waitFor(() => receiver.received.length === 1);
    await post(`/_emulator/events/${triggered.id}/resend`);
    await waitFor(() => receiver.received.length === 2);
    expect(receiver.received.map((r) => (JSON.parse(r.rawBody) as { id: string }).id)).toEqual([triggered.id, triggered.id]);

    await post('/_emulator/webhooks/pause');
    const first = await post('/_emulator/events/trigger', { account: account.id, type: 'customer.subscription.created' });
    const second = await post('/_emulator/events/trigger', { account: account.id, type: 'customer.subscription.deleted' });
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.received).toHaveLength(2);
    await post('/_emulator/webhooks/resume', { order: 'reverse' });
    await waitFor(() => receiver.received.length === 4);
    expect(receiver.received.slice(2).map((r) => (JSON.parse(r.rawBody) as { id: string }).id)).toEqual([second.id, first.id]);
  });
});
