// Serves the test Stripe.js: elements.js + stripe.js (plain ES2020, next to this file) wrapped in
// one IIFE. The API origin is the script's own URL (document.currentScript.src) because app and
// emulator run on different ports; when the source is injected without a src (Playwright
// addInitScript) it falls back to window.__STRIPE_EMULATOR_URL__, then to the serving emulator's URL.
import fs from 'node:fs';
import path from 'node:path';

let cached: string | undefined;

function dir(): string {
  const candidates = [
    typeof __dirname === 'string' ? __dirname : '',
    path.join(process.cwd(), 'e2e', 'stripe-emulator', 'stripe-js'),
  ].filter(Boolean);
  return candidates.find((p) => fs.existsSync(path.join(p, 'stripe.js'))) ?? candidates[candidates.length - 1] ?? '.';
}

function read(name: string): string {
  return fs.readFileSync(path.join(dir(), name), 'utf8');
}

export function stripeJsSource(defaultOrigin: string): string {
  cached ??= [read('elements.js'), read('stripe.js')].join('\n');
  return [
    '/* MemberPulse test Stripe.js (Stripe emulator). Not Stripe\'s code; for offline tests only. */',
    '(function () {',
    "'use strict';",
    'var currentSrc = document.currentScript && document.currentScript.src;',
    `var ORIGIN = currentSrc ? new URL(currentSrc).origin : (window.__STRIPE_EMULATOR_URL__ || ${JSON.stringify(defaultOrigin)});`,
    cached,
    '})();',
    '',
  ].join('\n');
}
