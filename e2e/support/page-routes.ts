/**
 * Every page route of the app, and whether the accessibility audit visits it: e2e/a11y.spec.ts for
 * the pages of the seeded demo tenant, and for pages that need a state first, the spec that makes it
 * (e2e/a11y-flows.spec.ts, disputes, organisations, platform), which audits under the route itself
 * as its label. tests/unit/page-routes.test.ts fails when a page exists under app/ that is not
 * listed here, so a new page cannot be forgotten: add it to the audit, or say here why it is not.
 */
export const PAGE_ROUTES: Record<string, { audited: true } | { audited: false; why: string }> = {
  "/[tenant]": { audited: true },
  "/[tenant]/billing": { audited: true },
  "/[tenant]/billing/subscription": { audited: true },
  "/[tenant]/billing/invoices": { audited: true },
  "/[tenant]/billing/history": { audited: true },
  "/[tenant]/billing/payment-methods": { audited: true },
  "/[tenant]/billing/credits": { audited: true },
  "/[tenant]/admin": { audited: true },
  "/[tenant]/admin/reports": { audited: true },
  "/[tenant]/admin/catalog": { audited: true },
  "/[tenant]/admin/catalog/[productId]": { audited: true },
  "/[tenant]/admin/members": { audited: true },
  "/[tenant]/admin/members/[memberId]": { audited: true },
  "/[tenant]/admin/payments": { audited: true },
  "/[tenant]/admin/subscriptions": { audited: true },
  "/[tenant]/admin/invoices": { audited: true },
  "/[tenant]/admin/webhooks": { audited: true },
  "/[tenant]/admin/audit": { audited: true },
  "/[tenant]/admin/mail": { audited: true },
  "/[tenant]/settings/integrations": { audited: true },
  "/[tenant]/settings/integrations/stripe": { audited: true },
  "/[tenant]/settings/api-keys": { audited: true },
  // Audited with the state each needs in e2e/a11y-flows.spec.ts, under the route as its label.
  "/[tenant]/admin/invoices/new": { audited: true },
  "/[tenant]/admin/payments/[paymentId]": { audited: true },
  "/[tenant]/billing/checkout/[priceId]": { audited: true },
  "/[tenant]/billing/checkout/return": { audited: true },
  "/[tenant]/billing/invoices/[invoiceId]/pay": { audited: true },
  "/[tenant]/billing/pay/[priceId]": { audited: true },
  "/[tenant]/billing/payment-methods/setup-complete": { audited: true },
  "/[tenant]/billing/payments/[paymentId]": { audited: true },
  "/[tenant]/billing/subscribe/[priceId]": { audited: true },
  "/[tenant]/join": { audited: true },
  "/invite/[token]": { audited: true },
  "/": { audited: true },
  "/sign-in": { audited: true },
  "/forgot-password": { audited: true },
  "/reset-password/[token]": { audited: true },
  "/sign-out": { audited: true },
  // Audited in the spec that walks them (its own state), under the route as its label.
  "/[tenant]/admin/disputes": { audited: true },
  "/[tenant]/admin/disputes/[disputeId]": { audited: true },
  "/start": { audited: true },
  "/platform": { audited: true },
  "/platform/tenants/[tenantId]": { audited: true },
  "/bench-reference": { audited: false, why: "npm run bench:pages only: a 404 unless BENCH_REFERENCE_PAGE=1, and an empty <main> when it is" },
  "/[tenant]/notifications": { audited: false, why: "axe-checked at 1280 and 390 px in e2e/notices.spec.ts (with the Stripe settings' import panel)" },
  "/unsubscribe": { audited: false, why: "axe-checked at 1280 and 390 px in e2e/notices.spec.ts (signed out, with a signed token)" },
  "/verify-email/[token]": { audited: false, why: "not yet: needs a verification token (tests/integration/email-verification.test.ts uses one)" },
};
