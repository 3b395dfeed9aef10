import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripeEmulator, type StripeEmulator } from './server';
import { API_VERSION, eventTypes, sdkFor, startReceiver, waitFor, type Receiver } from './test-helpers';

let emulator: StripeEmulator;
let stripe: Stripe;
let receiver: Receiver;

beforeAll(async () => {
  emulator = await startStripeEmulator({ port: 0 });
  const account = await emulator.createAccount({ name: 'Catalog Co' });
  stripe = sdkFor(emulator, account.secretKey);
  receiver = await startReceiver();
  await stripe.webhookEndpoints.create({
    url: receiver.url,
    enabled_events: ['product.created', 'product.updated', 'product.deleted', 'price.created', 'price.updated'],
    api_version: API_VERSION,
  });
});
afterAll(async () => {
  await receiver.close();
  await emulator.close();
});

describe('products and prices', () => {
  it('creates, updates, lists and retrieves products and prices with events', async () => {
    const product = await stripe.products.create({ name: 'Gold plan', metadata: { memberpulse_tenant_id: 't1' } });
    expect(product).toMatchObject({ object: 'product', active: true, name: 'Gold plan', metadata: { memberpulse_tenant_id: 't1' } });
    const price = await stripe.prices.create({ product: product.id, currency: 'USD', unit_amount: 1500, recurring: { interval: 'month' } });
    expect(price).toMatchObject({ type: 'recurring', currency: 'usd', unit_amount: 1500, recurring: { interval: 'month', interval_count: 1 } });
    const oneTime = await stripe.prices.create({ product: product.id, currency: 'jpy', unit_amount: 3000 });
    expect(oneTime.type).toBe('one_time');

    await stripe.products.update(product.id, { name: 'Gold', active: false });
    expect((await stripe.products.retrieve(product.id)).name).toBe('Gold');
    expect((await stripe.products.list({ active: false })).data.map((p) => p.id)).toEqual([product.id]);
    expect((await stripe.products.list({ active: true })).data).toEqual([]);

    const archived = await stripe.prices.update(price.id, { active: false, nickname: 'old', metadata: { k: 'v' } });
    expect(archived).toMatchObject({ active: false, nickname: 'old', metadata: { k: 'v' } });
    const listed = await stripe.prices.list({ product: product.id, active: true });
    expect(listed.data.map((p) => p.id)).toEqual([oneTime.id]);

    await waitFor(() => receiver.received.length >= 5);
    expect(eventTypes(receiver)).toEqual(['product.created', 'price.created', 'price.created', 'product.updated', 'price.updated']);
  });

  it('refuses to change a price amount, like Stripe', async () => {
    const product = await stripe.products.create({ name: 'Ticket' });
    const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 500 });
    await expect(stripe.prices.update(price.id, { unit_amount: 700 } as Stripe.PriceUpdateParams)).rejects.toMatchObject({
      statusCode: 400,
      param: 'unit_amount',
    });
    expect((await stripe.prices.retrieve(price.id)).unit_amount).toBe(500);
  });

  it('refuses to delete a product that has prices, deletes one that has none', async () => {
    const withPrice = await stripe.products.create({ name: 'Has price' });
    await stripe.prices.create({ product: withPrice.id, currency: 'usd', unit_amount: 100 });
    await expect(stripe.products.del(withPrice.id)).rejects.toMatchObject({ statusCode: 400 });
    const bare = await stripe.products.create({ name: 'Bare' });
    expect(await stripe.products.del(bare.id)).toMatchObject({ id: bare.id, deleted: true });
    expect(await stripe.products.retrieve(bare.id)).toMatchObject({ deleted: true });
    await waitFor(() => eventTypes(receiver).includes('product.deleted'));
  });

  it('answers 404 for unknown ids and for a price on an unknown product', async () => {
    await expect(stripe.products.retrieve('prod_missing')).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' });
    await expect(stripe.prices.create({ product: 'prod_missing', currency: 'usd', unit_amount: 1 })).rejects.toMatchObject({ statusCode: 404 });
  });
});
