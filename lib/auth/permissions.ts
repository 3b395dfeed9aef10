import type { Role } from "@/db/schema";

/**
 * Who may do what, in one place. Pages, server actions and route handlers all ask `can()`;
 * the UI only hides what the server would refuse anyway.
 */
const MATRIX = {
  "portal.view": ["ROLE_CLIENT_ADMIN", "ROLE_MEMBER"],
  "admin.view": ["ROLE_CLIENT_ADMIN"],
  "audit.view": ["ROLE_CLIENT_ADMIN"],
  "reports.view": ["ROLE_CLIENT_ADMIN"],
  "settings.stripe.manage": ["ROLE_CLIENT_ADMIN"],
  "members.manage": ["ROLE_CLIENT_ADMIN"],
  "catalog.manage": ["ROLE_CLIENT_ADMIN"],
  "grants.manage": ["ROLE_CLIENT_ADMIN"],
  "payments.pay": ["ROLE_CLIENT_ADMIN", "ROLE_MEMBER"],
  "payments.view_all": ["ROLE_CLIENT_ADMIN"],
  "payments.refund": ["ROLE_CLIENT_ADMIN"],
  "disputes.manage": ["ROLE_CLIENT_ADMIN"],
  "api_keys.manage": ["ROLE_CLIENT_ADMIN"],
  "webhooks.view": ["ROLE_CLIENT_ADMIN"],
  "webhooks.replay": ["ROLE_CLIENT_ADMIN"],
  "mail.view": ["ROLE_CLIENT_ADMIN"],
  "credits.view": ["ROLE_CLIENT_ADMIN", "ROLE_MEMBER"],
  "credits.spend": ["ROLE_CLIENT_ADMIN", "ROLE_MEMBER"],
  "credits.manage": ["ROLE_CLIENT_ADMIN"],
  "subscriptions.subscribe": ["ROLE_CLIENT_ADMIN", "ROLE_MEMBER"],
  "subscriptions.view_all": ["ROLE_CLIENT_ADMIN"],
  "subscriptions.cancel_immediately": ["ROLE_CLIENT_ADMIN"],
  "invoices.pay": ["ROLE_CLIENT_ADMIN", "ROLE_MEMBER"],
  "invoices.manage": ["ROLE_CLIENT_ADMIN"],
  /** The organisation's own MemberPulse plan (platform billing): plan, invoices, Checkout, Customer Portal. */
  "platform_billing.manage": ["ROLE_CLIENT_ADMIN"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof MATRIX;

export function can(role: Role, permission: Permission): boolean {
  return (MATRIX[permission] as readonly Role[]).includes(role);
}

/** Roles from most to least powerful. */
const ROLE_RANK: readonly Role[] = ["ROLE_CLIENT_ADMIN", "ROLE_MEMBER"];

/** The less powerful of two roles (an API key never outranks the person who made it). */
export function lesserRole(a: Role, b: Role): Role {
  return ROLE_RANK.indexOf(a) >= ROLE_RANK.indexOf(b) ? a : b;
}

export const ROLE_LABELS: Record<Role, string> = {
  ROLE_CLIENT_ADMIN: "Admin",
  ROLE_MEMBER: "Member",
};
