import type { Db } from "@/db/client";
import { STRIPE_MODES, type StripeMode } from "@/db/schema";
import { countTenantPeople, countTenantsByStatus, listTenantsForPlatform, listTenantStatusChanges } from "@/db/queries/platform";
import { getTenantById } from "@/db/queries/tenants";
import { isUuid } from "@/lib/ids";
import { billingByTenant, loadTenantBillingDetail, totalMrr, type TenantBilling } from "@/lib/platform-billing/console-billing";
import { getStripeSettingsView, type StripeBadge } from "@/lib/stripe-connection/settings-view";
import { getWebhookHealth } from "@/lib/webhooks/health";

const PAGE = 100;

/** The console's tenant list: search over name and slug, newest first, at most 100 rows. */
export async function loadPlatformTenantsView(db: Db, { search }: { search?: string }) {
  const q = search?.trim().slice(0, 100) || undefined;
  const [tenants, byStatus] = await Promise.all([listTenantsForPlatform(db, { search: q, limit: PAGE + 1 }), countTenantsByStatus(db)]);
  const count = (status: string) => byStatus.find((r) => r.status === status)?.n ?? 0;
  const shown = tenants.slice(0, PAGE);
  const billing = await billingByTenant(db, { tenantIds: shown.map((t) => t.id) });
  const none: TenantBilling = { status: "none", planName: null, mrr: null };
  return {
    search: q ?? "",
    tenants: shown.map((t) => ({ ...t, billing: billing.get(t.id) ?? none })),
    more: tenants.length > PAGE,
    totals: { active: count("active"), suspended: count("suspended") },
    mrr: totalMrr(billing.values()),
  };
}

/**
 * One mode's Stripe connection as the operator sees it: where the keys come from and whether they
 * work, never a key, a mask or a signing secret (those belong to the tenant).
 */
export type ConnectionHealth = {
  mode: StripeMode;
  active: boolean;
  keys: "own restricted key" | "own secret key" | "platform default keys" | "none";
  badge: StripeBadge;
  checkedAt: Date | null;
  accountId: string | null;
  chargesEnabled: boolean | null;
  payoutsEnabled: boolean | null;
  webhookEndpointRegistered: boolean;
  lastEventAt: Date | null;
  lastEventType: string | null;
  lastSignatureFailureAt: Date | null;
  failedEvents: number;
};

/** A tenant's page in the console: status and its history, head counts, Stripe connection health per mode. Undefined for no such tenant. */
export async function loadPlatformTenantView(db: Db, { tenantId }: { tenantId: string }) {
  if (!isUuid(tenantId)) return undefined;
  const tenant = await getTenantById(db, { tenantId });
  if (!tenant) return undefined;
  const [billing, history, people, stripe, ...webhooks] = await Promise.all([
    loadTenantBillingDetail(db, { tenantId }),
    listTenantStatusChanges(db, { tenantId }),
    countTenantPeople(db, { tenantId }),
    getStripeSettingsView(db, { tenantId }),
    ...STRIPE_MODES.map((mode) => getWebhookHealth(db, { tenantId, mode })),
  ]);
  const connections: ConnectionHealth[] = STRIPE_MODES.map((mode, i) => {
    const m = stripe.modes[mode];
    const hook = webhooks[i]!;
    return {
      mode,
      active: stripe.activeMode === mode,
      keys: m.secretKey.storedByTenant ? (m.secretKey.mask?.startsWith("rk_") ? "own restricted key" : "own secret key") : m.secretKey.source === "environment" ? "platform default keys" : "none",
      badge: m.badge,
      checkedAt: m.checkedAt,
      accountId: m.account.id,
      chargesEnabled: m.account.chargesEnabled,
      payoutsEnabled: m.account.payoutsEnabled,
      webhookEndpointRegistered: Boolean(m.webhookEndpointId),
      lastEventAt: hook.lastEventAt,
      lastEventType: hook.lastEventType,
      lastSignatureFailureAt: hook.lastSignatureFailureAt,
      failedEvents: hook.failedCount,
    };
  });
  const admins = people.find((p) => p.role === "ROLE_CLIENT_ADMIN")?.n ?? 0;
  const members = people.find((p) => p.role === "ROLE_MEMBER")?.n ?? 0;
  return {
    tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, status: tenant.status, statusReason: tenant.statusReason, createdAt: tenant.createdAt },
    history,
    billing,
    people: { admins, members },
    connections,
  };
}
