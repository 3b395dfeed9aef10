// Reads the test Stripe.js (plain ES2020 in stripe.js next to this file) once and caches it.
// `__dirname` exists under tsx (CJS) and vitest; the cwd fallback covers ESM-only runners.
import fs from 'node:fs';
import path from 'node:path';

let cached: string | undefined;

function sourcePath(): string {
  const candidates = [
    typeof __dirname === 'string' ? path.join(__dirname, 'stripe.js') : '',
    path.join(process.cwd(), 'e2e', 'stripe-emulator', 'stripe-js', 'stripe.js'),
  ].filter(Boolean);
  return candidates.find((p) => fs.existsSync(p)) ?? candidates[candidates.length - 1] ?? 'stripe.js';
}

export function stripeJsSource(): string {
  cached ??= fs.readFileSync(sourcePath(), 'utf8');
  return cached;
}
