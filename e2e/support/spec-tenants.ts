/**
 * Each spec that connects a tenant to Stripe gets a tenant of its own, so specs never share a
 * Stripe account, customers or catalog mappings and can run in any order. Every one of them has
 * `admin@<slug>.test` and `member@<slug>.test` with the demo password. Seeded by prepare-db.ts.
 */
export const SPEC_TENANTS = {
  catalog: "e2e-catalog",
  credits: "e2e-credits",
  cards: "e2e-cards",
  payments: "e2e-payments",
  subscriptions: "e2e-subs",
  webhooks: "e2e-webhooks",
  security: "e2e-security",
  members: "e2e-members",
  restrictedKeys: "e2e-restricted",
  passwordReset: "e2e-reset",
  reconcile: "e2e-reconcile",
  platform: "e2e-platform",
  disputes: "e2e-disputes",
  a11y: "e2e-a11y",
  notices: "e2e-notices",
  connect: "e2e-connect",
  connectOther: "e2e-connect-other",
  connectOnboarding: "e2e-onboarding",
  promotions: "e2e-promos",
  renewal3ds: "e2e-3ds",
  renewalRefund: "e2e-renew-refund",
  emailVerification: "e2e-verify",
  tax: "e2e-tax",
} as const;
