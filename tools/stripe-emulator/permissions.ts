// Restricted keys (`rk_…`) as Stripe enforces them: each key holds a Read / Write / None level per
// resource, Write implies Read, a GET needs Read and a POST or DELETE needs Write. A call outside
// the key's permissions is refused with 403 before anything runs (Stripe checks the endpoint, not the
// object, so an update of a missing id still answers 403, which is what lets the app probe writes).
import { StripeApiError } from './errors';
import type { AccountRecord } from './store';

export type PermissionLevel = 'none' | 'read' | 'write';

/** Stripe's internal resource names, as they appear in `rak_<resource>_<level>` (prices are still "plan"). */
export const RAK_RESOURCES = [
  'account',
  'billing_portal',
  'charge',
  'checkout_session',
  'customer',
  'dispute',
  'event',
  'file',
  'invoice',
  'payment_intent',
  'payment_method',
  'plan',
  'product',
  'refund',
  'setup_intent',
  'subscription',
  // Stripe Tax calculations (the Dashboard's "Tax Calculations and Transactions").
  'tax_calculation',
  'webhook_endpoint',
] as const;
export type RakResource = (typeof RAK_RESOURCES)[number];
export type RestrictedPermissions = Record<RakResource, PermissionLevel>;

/** A new account's restricted key can do everything, so tests opt into each restriction. */
export function fullPermissions(): RestrictedPermissions {
  return Object.fromEntries(RAK_RESOURCES.map((r) => [r, 'write'])) as RestrictedPermissions;
}

/** Which resource a /v1 route belongs to, by its first path segments. */
const RESOURCE_BY_PREFIX: [string, RakResource][] = [
  ['/v1/account', 'account'],
  ['/v1/billing_portal/', 'billing_portal'],
  ['/v1/charges', 'charge'],
  ['/v1/checkout/sessions', 'checkout_session'],
  ['/v1/customers', 'customer'],
  ['/v1/disputes', 'dispute'],
  ['/v1/events', 'event'],
  ['/v1/files', 'file'],
  ['/v1/invoice_payments', 'invoice'],
  ['/v1/invoiceitems', 'invoice'],
  ['/v1/invoices', 'invoice'],
  ['/v1/payment_intents', 'payment_intent'],
  ['/v1/payment_methods', 'payment_method'],
  ['/v1/prices', 'plan'],
  ['/v1/products', 'product'],
  ['/v1/refunds', 'refund'],
  ['/v1/setup_intents', 'setup_intent'],
  ['/v1/subscriptions', 'subscription'],
  ['/v1/tax/calculations', 'tax_calculation'],
  ['/v1/webhook_endpoints', 'webhook_endpoint'],
];

export function resourceOf(routePath: string): RakResource | undefined {
  return RESOURCE_BY_PREFIX.find(([prefix]) => routePath === prefix || routePath.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`))?.[1];
}

/** Merges `{ invoice: 'read', refund: 'none' }` from the control route over the current levels. */
export function applyPermissions(current: RestrictedPermissions, patch: Record<string, unknown>): RestrictedPermissions | string {
  const next = { ...current };
  for (const [resource, level] of Object.entries(patch)) {
    if (!(RAK_RESOURCES as readonly string[]).includes(resource)) return `Unknown resource '${resource}'; known: ${RAK_RESOURCES.join(', ')}`;
    if (level !== 'none' && level !== 'read' && level !== 'write') return `Level for '${resource}' must be none, read or write`;
    next[resource as RakResource] = level;
  }
  return next;
}

/** Stripe masks the key in this message as its prefix, stars, and the last six characters. */
function maskForPermissionError(key: string): string {
  const prefix = /^rk_(test|live)_/.exec(key)?.[0] ?? '';
  return `${prefix}${'*'.repeat(Math.max(0, key.length - prefix.length - 6))}${key.slice(-6)}`;
}

/** Refuses a restricted key's call outside its permissions, with Stripe's 403 (StripePermissionError in the SDK). */
export function checkRestrictedKey(record: AccountRecord, key: string, method: string, routePath: string): StripeApiError | null {
  const resource = resourceOf(routePath);
  if (!resource) return null;
  const needed: PermissionLevel = method === 'GET' ? 'read' : 'write';
  const held = record.permissions[resource];
  if (held === 'write' || held === needed) return null;
  return new StripeApiError(403, {
    type: 'invalid_request_error',
    message: `The provided key '${maskForPermissionError(key)}' does not have the required permissions for this endpoint on account '${record.id}'. Having the 'rak_${resource}_${needed}' permission would allow this request to continue.`,
  });
}
