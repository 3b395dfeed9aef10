import "server-only";
import type { Db } from "@/db/client";
import type { StripeMode } from "@/db/schema";
import { nudgeMailRelay } from "@/lib/jobs/runtime";
import { mailTenantAdmins } from "@/lib/mail/mail-admins";
import { portalUrl } from "@/lib/mail/portal-url";

/**
 * "Stripe disconnected": Stripe refused the tenant's stored key (401/403) on a connection test or
 * on the hourly reconciliation, which doubles as the health check. In the caller's transaction;
 * one alert per admin, mode and hour however many checks fail (mail-admins.ts).
 */
export function alertStripeDisconnected(tx: Db, scope: { tenantId: string; mode: StripeMode }, reason: string): Promise<boolean> {
  return mailTenantAdmins(tx, {
    tenantId: scope.tenantId,
    template: "stripe_disconnected_alert",
    cause: scope.mode,
    data: (tenant) => ({ tenantName: tenant.name, mode: scope.mode, reason, settingsUrl: portalUrl(`/${tenant.slug}/settings/integrations/stripe?mode=${scope.mode}`) }),
  });
}

/** Outside any transaction (a job that got the refusal): its own short transaction, then the relay. */
export async function alertStripeDisconnectedNow(db: Db, scope: { tenantId: string; mode: StripeMode }, reason: string): Promise<void> {
  if (await db.transaction((tx) => alertStripeDisconnected(tx, scope, reason))) await nudgeMailRelay();
}
