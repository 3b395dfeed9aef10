import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripeEmulator, type StripeEmulator } from './server';
import { sdkFor } from './test-helpers';

let emulator: StripeEmulator;

beforeAll(async () => {
  emulator = await startStripeEmulator({ port: 0 });
});
afterAll(() => emulator.close());

async function restrictedAccount(permissions?: Record<string, string>) {
  const account = await emulator.createAccount();
  const res = await fetch(`${emulator.url}/_emulator/accounts/${account.id}/restrict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(permissions ? { permissions } : {}),
  });
  expect(res.status).toBe(200);
  return { account, rk: sdkFor(emulator, account.restrictedKey ?? ''), sk: sdkFor(emulator, account.secretKey) };
}

describe('restricted keys', () => {
  it('refuses a write with read access, as Stripe does: 403, invalid_request_error, masked key, the missing permission named', async () => {
    const { account, rk } = await restrictedAccount({ invoice: 'read' });
    await expect(rk.invoices.list({ limit: 1 })).resolves.toMatchObject({ object: 'list' });
    const err = await rk.invoices.update('in_missing', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripePermissionError);
    const e = err as Stripe.errors.StripePermissionError;
    expect(e).toMatchObject({ statusCode: 403, rawType: 'invalid_request_error' });
    const key = account.restrictedKey ?? '';
    expect(e.message).toBe(
      `The provided key 'rk_test_${'*'.repeat(key.length - 14)}${key.slice(-6)}' does not have the required permissions for this endpoint on account '${account.id}'. Having the 'rak_invoice_write' permission would allow this request to continue.`,
    );
    expect(e.message).not.toContain(key.slice(8, -6));
  });

  it('refuses reads with no access, checks the endpoint before the object, and leaves the secret key alone', async () => {
    const { rk, sk } = await restrictedAccount({ plan: 'none', customer: 'write' });
    await expect(rk.prices.list({ limit: 1 })).rejects.toThrow(/rak_plan_read/);
    await expect(rk.prices.update('price_missing', {})).rejects.toThrow(/rak_plan_write/);
    await expect(sk.prices.list({ limit: 1 })).resolves.toMatchObject({ object: 'list' });
    // Allowed: the call runs and the missing object answers 404.
    await expect(rk.customers.update('cus_missing', {})).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });

  it('without a body, restricts only reading the account (the historical control route)', async () => {
    const { rk } = await restrictedAccount();
    await expect(rk.accounts.retrieveCurrent()).rejects.toThrow(/rak_account_read/);
    await expect(rk.customers.list({ limit: 1 })).resolves.toMatchObject({ object: 'list' });
  });

  it('answers 400 for an unknown resource or level', async () => {
    const account = await emulator.createAccount();
    const res = await fetch(`${emulator.url}/_emulator/accounts/${account.id}/restrict`, { method: 'POST', body: JSON.stringify({ permissions: { coupons: 'read' } }) });
    expect(res.status).toBe(400);
  });
});
