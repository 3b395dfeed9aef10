// Connect in the emulator, driven by the real SDK: OAuth stand-in → token → Stripe-Account on every
// route with per-account isolation → Connect endpoint deliveries with `account` → deauthorize.
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripeEmulator, type EmulatorAccount, type StripeEmulator } from './server';
import { API_VERSION, sdkFor, startReceiver, waitFor, type Receiver } from './test-helpers';

let emulator: StripeEmulator;
let platform: EmulatorAccount & { connectClientId?: string | null };
let receiver: Receiver;

beforeAll(async () => {
  emulator = await startStripeEmulator({ port: 0, webhookRetryDelaysMs: [20] });
  platform = await emulator.createAccount({ mode: 'test', name: 'Platform' });
  receiver = await startReceiver();
  await sdkFor(emulator, platform.secretKey).webhookEndpoints.create({ url: receiver.url, enabled_events: ['*'], connect: true });
});
afterAll(async () => {
  await receiver.close();
  await emulator.close();
});

function clientId(): string {
  return emulator.core.store.accounts.get(platform.id)!.record.connectClientId!;
}

/** The stand-in page's Connect button, as a browser would press it; returns the redirect back. */
async function authorize(decision: 'connect' | 'deny', state = 'st-1') {
  const page = await fetch(`${emulator.url}/oauth/authorize?response_type=code&client_id=${clientId()}&scope=read_write&state=${state}&redirect_uri=${encodeURIComponent('http://app.test/cb')}`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<button type="submit" name="decision" value="connect">Connect</button>');
  const form = new URLSearchParams({ response_type: 'code', client_id: clientId(), scope: 'read_write', state, redirect_uri: 'http://app.test/cb', decision, account_name: 'Studio One' });
  const res = await fetch(`${emulator.url}/oauth/authorize`, { method: 'POST', body: form, redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

function connectSdk(stripeAccount?: string) {
  return new Stripe(platform.secretKey, { apiVersion: API_VERSION, host: '127.0.0.1', port: emulator.port, protocol: 'http', maxNetworkRetries: 0, ...(stripeAccount ? { stripeAccount } : {}) });
}

describe('Connect OAuth and Stripe-Account', () => {
  it('connects a new Standard account; the code works once', async () => {
    const back = await authorize('connect');
    expect(back.searchParams.get('state')).toBe('st-1');
    const code = back.searchParams.get('code')!;
    const token = await connectSdk().oauth.token({ grant_type: 'authorization_code', code });
    expect(token).toMatchObject({ livemode: false, scope: 'read_write', token_type: 'bearer' });
    expect(token.stripe_user_id).toMatch(/^acct_/);
    await expect(connectSdk().oauth.token({ grant_type: 'authorization_code', code })).rejects.toBeInstanceOf(Stripe.errors.StripeError);
    expect((await connectSdk(token.stripe_user_id).accounts.retrieveCurrent()).business_profile?.name).toBe('Studio One');
  });

  it('Cancel redirects back with access_denied', async () => {
    const back = await authorize('deny', 'st-2');
    expect(Object.fromEntries(back.searchParams)).toMatchObject({ error: 'access_denied', state: 'st-2' });
  });

  it('isolates objects per connected account, refuses unconnected accounts, and delivers with `account`', async () => {
    const a = (await connectSdk().oauth.token({ grant_type: 'authorization_code', code: (await authorize('connect')).searchParams.get('code')! })).stripe_user_id!;
    const b = (await connectSdk().oauth.token({ grant_type: 'authorization_code', code: (await authorize('connect')).searchParams.get('code')! })).stripe_user_id!;
    const customer = await connectSdk(a).customers.create({ email: 'ada@example.test' });
    await expect(connectSdk(b).customers.retrieve(customer.id)).rejects.toThrow(/No such customer/);
    await expect(connectSdk().customers.retrieve(customer.id)).rejects.toThrow(/No such customer/);
    const stranger = await emulator.createAccount({ mode: 'test' });
    await expect(connectSdk(stranger.id).customers.list()).rejects.toMatchObject({ statusCode: 403, code: 'account_invalid' });

    const delivered = await waitFor(() => receiver.received.map((r) => JSON.parse(r.rawBody) as { type: string; account?: string; data: { object: { id: string } } }).find((e) => e.type === 'customer.created' && e.data.object.id === customer.id));
    expect(delivered.account).toBe(a);

    await connectSdk().oauth.deauthorize({ client_id: clientId(), stripe_user_id: a });
    await expect(connectSdk(a).customers.list()).rejects.toMatchObject({ statusCode: 403 });
    const revoked = await waitFor(() => receiver.received.map((r) => JSON.parse(r.rawBody) as { type: string; account?: string }).find((e) => e.type === 'account.application.deauthorized' && e.account === a));
    expect(revoked).toBeTruthy();
    expect((await connectSdk(b).customers.list()).data).toEqual([]);
  });
});

describe('Connect Onboarding: accounts and account links', () => {
  it('creates an account from `controller` (not the deprecated `type`), incomplete until the hosted form is completed', async () => {
    await expect(connectSdk().accounts.create({ type: 'standard' })).rejects.toMatchObject({ statusCode: 400, param: 'controller' });
    const account = await connectSdk().accounts.create({ controller: { stripe_dashboard: { type: 'full' }, fees: { payer: 'account' }, losses: { payments: 'stripe' }, requirement_collection: 'stripe' }, business_profile: { name: 'New Studio' } });
    expect(account).toMatchObject({ type: 'standard', details_submitted: false, charges_enabled: false, controller: { type: 'application', is_controller: true } });
    expect((await connectSdk().accounts.retrieve(account.id)).business_profile?.name).toBe('New Studio');
    // Another platform does not see it.
    const other = await emulator.createAccount({ mode: 'test', name: 'Other platform' });
    await expect(sdkFor(emulator, other.secretKey).accounts.retrieve(account.id)).rejects.toMatchObject({ statusCode: 404 });
  });

  it('an account link works once: Complete enables the account, tells the Connect endpoint, and goes to return_url; a second visit goes to refresh_url', async () => {
    const account = await connectSdk().accounts.create({ controller: { stripe_dashboard: { type: 'full' } } });
    const link = await connectSdk().accountLinks.create({ account: account.id, type: 'account_onboarding', return_url: 'http://app.test/return', refresh_url: 'http://app.test/refresh' });
    expect(link.url).toMatch(new RegExp(`^${emulator.url}/setup/s/`));
    expect((await fetch(link.url, { redirect: 'manual' })).status).toBe(200);
    expect((await fetch(link.url, { redirect: 'manual' })).headers.get('location')).toBe('http://app.test/refresh');
    const done = await fetch(link.url, { method: 'POST', body: new URLSearchParams({ decision: 'complete' }), redirect: 'manual' });
    expect(done.headers.get('location')).toBe('http://app.test/return');
    expect(await connectSdk().accounts.retrieve(account.id)).toMatchObject({ details_submitted: true, charges_enabled: true, payouts_enabled: true });
    const delivered = await waitFor(() => receiver.received.map((r) => JSON.parse(r.rawBody) as { type: string; account?: string; data: { object: { details_submitted?: boolean } } }).find((e) => e.type === 'account.updated' && e.account === account.id));
    expect(delivered.data.object.details_submitted).toBe(true);
    // Spent: posting again goes to refresh_url and changes nothing.
    expect((await fetch(link.url, { method: 'POST', body: new URLSearchParams({ decision: 'complete' }), redirect: 'manual' })).headers.get('location')).toBe('http://app.test/refresh');
  });
});
