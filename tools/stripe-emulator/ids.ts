import { randomBytes } from 'node:crypto';

// Stripe ids and keys are prefix + base62-ish random text. Real-looking values matter because the
// app validates key prefixes and masks keys (`sk_test_…4242`), and tests grep ids by prefix.
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function randomAlnum(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[(bytes[i] ?? 0) % ALPHABET.length];
  return out;
}

/** `newId('cus')` → `cus_Q1w2E3r4T5y6U7i8O9p0AsDf` (24 random characters like Stripe's ids). */
export function newId(prefix: string): string {
  return `${prefix}_${randomAlnum(24)}`;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Stripe masks keys in auth errors as `sk_test_****abcd` (prefix, stars, last four). */
export function maskKey(key: string): string {
  const match = /^(sk|pk|rk)_(test|live)_/.exec(key);
  const prefix = match ? match[0] : '';
  return `${prefix}****${key.slice(-4)}`;
}
