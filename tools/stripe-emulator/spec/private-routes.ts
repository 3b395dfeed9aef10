// Routes under a `_` segment (e.g. /v1/payment_intents/:id/_authenticate) stand in for Stripe's
// hosted pages (3-D Secure, Checkout): they are no API operation, so the spec and the validator skip them.
export function isEmulatorPrivate(routePath: string): boolean {
  return routePath.split('/').some((segment) => segment.startsWith('_'));
}
