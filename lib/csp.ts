/**
 * The Content-Security-Policy for pages. Scripts need the per-request nonce (Next applies it to its
 * own scripts); Stripe.js and its frames are the only third party allowed. The emulator's test
 * Stripe.js origin is added only when STRIPE_JS_URL is configured (tests and `npm run demo`).
 */
export function contentSecurityPolicy({ nonce, dev, stripeJsUrl, stripeApiBase }: { nonce: string; dev: boolean; stripeJsUrl?: string; stripeApiBase?: string }): string {
  const extra = [stripeJsUrl, stripeApiBase].filter((u): u is string => !!u).map((u) => new URL(u).origin);
  const stripeScripts = ["https://js.stripe.com", ...extra].join(" ");
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic' ${stripeScripts}${dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: https://*.stripe.com`,
    `font-src 'self'`,
    `connect-src 'self' https://api.stripe.com https://m.stripe.network ${extra.join(" ")}${dev ? " ws:" : ""}`.trim(),
    `frame-src https://js.stripe.com https://hooks.stripe.com ${extra.join(" ")}`.trim(),
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ];
  return directives.join("; ");
}
