import type Stripe from "stripe";
import type { Db } from "@/db/client";
import { getMailTenant, listTenantAdmins } from "@/db/queries/mail-recipients";
import { enqueueMail } from "@/lib/mail/enqueue-mail";
import { portalUrl } from "@/lib/mail/portal-url";
import type { ProcessScope } from "./process-event";

/**
 * Tells the tenant's admins that an event failed, in the transaction that records the failure.
 * The dedupe key carries the hour: a failing handler that fails every delivery sends one alert per
 * admin and mode an hour, not one per delivery. Answers whether a mail was written.
 */
export async function alertAdminsOfFailure(tx: Db, scope: ProcessScope, event: Stripe.Event): Promise<boolean> {
  const tenant = await getMailTenant(tx, { tenantId: scope.tenantId });
  if (!tenant) return false;
  const hour = new Date().toISOString().slice(0, 13);
  const data = { tenantName: tenant.name, mode: scope.mode, eventType: event.type, eventId: event.id, eventLogUrl: portalUrl(`/${tenant.slug}/admin/webhooks?status=failed`) };
  let written = false;
  for (const admin of await listTenantAdmins(tx, { tenantId: scope.tenantId })) {
    const dedupeKey = `webhook_failure:${scope.tenantId}:${scope.mode}:${hour}:${admin.userId}`;
    written = (await enqueueMail(tx, { tenantId: scope.tenantId, dedupeKey, to: admin.email, template: "webhook_failure_alert", data })) || written;
  }
  return written;
}
