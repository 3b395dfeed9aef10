/**
 * The stored enums and rows that components name in their props. Components never import db/
 * (eslint.config.mjs → boundaries()), not even for types: they take these from here, so the
 * database layer can change shape behind lib/ without a component noticing.
 */
export type { BillingNoticeKind, PlatformInvoice, Role, StripeMode, TenantStatus, WebhookEventStatus } from "@/db/schema";
