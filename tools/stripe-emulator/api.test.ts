import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripeEmulator, type EmulatorAccount, type StripeEmulator } from './server';
import { API_VERSION, sdkFor } from './test-helpers';

let emulator: StripeEmulator;
let account: EmulatorAccount;
let stripe: Stripe;

beforeAll(async () => {
  emulator = await startStripeEmulator({ port: 0 });
  account = await emulator.createAccount({ name: 'Acme Gym' });
  stripe = sdkFor(emulator, account.secretKey);
});
afterAll(() => emulator.close());

describe('accounts and keys', () => {
  it('pins the SDK to the endive API version', () => {
    expect(Stripe.API_VERSION).toBe(API_VERSION);
  });

  it('issues real-looking keys and retrieves the current account', async () => {
    expect(account.id).toMatch(/^acct_/);
    expect(account.secretKey).toMatch(/^sk_test_[A-Za-z0-9]{24,}$/);
    expect(account.publishableKey).toMatch(/^pk_test_[A-Za-z0-9]{24,}$/);
    expect(account.restrictedKey).toMatch(/^rk_test_/);
    const acct = await stripe.accounts.retrieveCurrent();
    expect(acct).toMatchObject({ id: account.id, charges_enabled: true, payouts_enabled: true, type: 'standard' });
    expect(acct.business_profile?.name).toBe('Acme Gym');
  });

  it('creates accounts through the control route, live keys included', async () => {
    const res = await fetch(`${emulator.url}/_emulator/accounts`, { method: 'POST', body: JSON.stringify({ mode: 'live', name: 'Live Co' }) });
    const live = (await res.json()) as EmulatorAccount;
    expect(live.secretKey).toMatch(/^sk_live_/);
    const customer = await sdkFor(emulator, live.secretKey).customers.create({ email: 'l@example.test' });
    expect(customer.livemode).toBe(true);
  });

  it('rejects an unknown key with a masked authentication error', async () => {
    const bad = sdkFor(emulator, 'sk_test_doesnotexist0000abcd');
    const err = await bad.accounts.retrieveCurrent().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect((err as Stripe.errors.StripeError).message).toBe('Invalid API Key provided: sk_test_****abcd');
    expect((err as Stripe.errors.StripeError).statusCode).toBe(401);
    // Stripe documents only api_error, card_error, idempotency_error and invalid_request_error.
    expect((err as Stripe.errors.StripeError).rawType).toBe('invalid_request_error');
  });

  it('rejects keys after they are revoked (rolled key)', async () => {
    const other = await emulator.createAccount();
    const client = sdkFor(emulator, other.secretKey);
    await expect(client.customers.list()).resolves.toMatchObject({ object: 'list' });
    await fetch(`${emulator.url}/_emulator/accounts/${other.id}/revoke-keys`, { method: 'POST' });
    await expect(client.customers.list()).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });

  it('gives a restricted key a 403 (StripePermissionError, type invalid_request_error) once restricted', async () => {
    const other = await emulator.createAccount();
    const rk = sdkFor(emulator, other.restrictedKey ?? '');
    await expect(rk.accounts.retrieveCurrent()).resolves.toMatchObject({ id: other.id });
    await fetch(`${emulator.url}/_emulator/accounts/${other.id}/restrict`, { method: 'POST' });
    const err = await rk.accounts.retrieveCurrent().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripePermissionError);
    expect(err).toMatchObject({ statusCode: 403, rawType: 'invalid_request_error' });
  });

  it('refuses secret-only endpoints with a publishable key', async () => {
    const pk = sdkFor(emulator, account.publishableKey);
    const err = await pk.customers.list().catch((e: unknown) => e);
    expect((err as Stripe.errors.StripeError).statusCode).toBe(401);
    expect((err as Stripe.errors.StripeError).message).toMatch(/publishable API key/);
  });

  it('answers CORS preflight and sets Request-Id / Stripe-Version', async () => {
    const pre = await fetch(`${emulator.url}/v1/payment_intents/pi_x/confirm`, { method: 'OPTIONS' });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/Idempotency-Key/);
    const res = await fetch(`${emulator.url}/v1/account`, { headers: { Authorization: `Bearer ${account.secretKey}`, 'Stripe-Version': API_VERSION } });
    expect(res.headers.get('request-id')).toMatch(/^req_/);
    expect(res.headers.get('stripe-version')).toBe(API_VERSION);
  });
});

describe('control routes', () => {
  it('adds latency to /v1 responses and resets all state', async () => {
    const solo = await startStripeEmulator({ port: 0 });
    try {
      const acct = await solo.createAccount();
      const client = sdkFor(solo, acct.secretKey);
      await fetch(`${solo.url}/_emulator/latency`, { method: 'POST', body: JSON.stringify({ ms: 150 }) });
      const started = Date.now();
      await client.accounts.retrieveCurrent();
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      await fetch(`${solo.url}/_emulator/reset`, { method: 'POST' });
      await expect(client.accounts.retrieveCurrent()).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
      expect(solo.core.latencyMs).toBe(0);
    } finally {
      await solo.close();
    }
  });
});

describe('customers', () => {
  it('creates, retrieves, updates (metadata merge), lists by email and deletes', async () => {
    const created = await stripe.customers.create({ email: 'ann@example.test', name: 'Ann', metadata: { tenant: 't1', plan: 'gold' } });
    expect(created.id).toMatch(/^cus_/);
    expect(await stripe.customers.retrieve(created.id)).toMatchObject({ email: 'ann@example.test', name: 'Ann' });

    const updated = await stripe.customers.update(created.id, { name: 'Ann B', metadata: { plan: '', member: 'm1' } });
    expect(updated.metadata).toEqual({ tenant: 't1', member: 'm1' });
    expect(updated.name).toBe('Ann B');

    await stripe.customers.create({ email: 'bob@example.test' });
    const byEmail = await stripe.customers.list({ email: 'ann@example.test' });
    expect(byEmail.data.map((c) => c.id)).toEqual([created.id]);

    const deleted = await stripe.customers.del(created.id);
    expect(deleted).toEqual({ id: created.id, object: 'customer', deleted: true });
    expect(await stripe.customers.retrieve(created.id)).toMatchObject({ id: created.id, deleted: true });
    await expect(stripe.customers.update(created.id, { name: 'x' })).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });

  it('lists newest first with cursor pagination', async () => {
    const solo = sdkFor(emulator, (await emulator.createAccount()).secretKey);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await solo.customers.create({ name: `c${i}` })).id);
    const page1 = await solo.customers.list({ limit: 2 });
    expect(page1.data.map((c) => c.id)).toEqual([ids[4], ids[3]]);
    expect(page1.has_more).toBe(true);
    const page2 = await solo.customers.list({ limit: 2, starting_after: ids[3] });
    expect(page2.data.map((c) => c.id)).toEqual([ids[2], ids[1]]);
    const all: string[] = [];
    for await (const c of solo.customers.list({ limit: 2 })) all.push(c.id);
    expect(all).toEqual([...ids].reverse());
  });

  it('replays the stored response for a repeated Idempotency-Key', async () => {
    const first = await stripe.customers.create({ email: 'twice@example.test' }, { idempotencyKey: 'signup-42' });
    const second = await stripe.customers.create({ email: 'twice@example.test' }, { idempotencyKey: 'signup-42' });
    expect(second.id).toBe(first.id);
    expect((await stripe.customers.list({ email: 'twice@example.test' })).data).toHaveLength(1);
    const err = await stripe.customers.create({ email: 'other@example.test' }, { idempotencyKey: 'signup-42' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it('handles concurrent double clicks with one key as one customer', async () => {
    const [a, b] = await Promise.all([
      stripe.customers.create({ email: 'dbl@example.test' }, { idempotencyKey: 'dbl-1' }),
      stripe.customers.create({ email: 'dbl@example.test' }, { idempotencyKey: 'dbl-1' }),
    ]);
    expect(a.id).toBe(b.id);
  });
});
