import type Stripe from "stripe";
import type { Db } from "@/db/client";
import { mailTenantAdmins } from "@/lib/mail/mail-admins";
import { portalUrl } from "@/lib/mail/portal-url";
import type { ProcessScope } from "./process-event";

/**
 * Tells the tenant's admins that an event failed, in the transaction that records the failure: one
 * alert per admin and mode an hour however many deliveries fail (mail-admins.ts).
 */
export function alertAdminsOfFailure(tx: Db, scope: ProcessScope, event: Stripe.Event): Promise<boolean> {
  return mailTenantAdmins(tx, {
    tenantId: scope.tenantId,
    template: "webhook_failure_alert",
    cause: scope.mode,
    data: (tenant) => ({ tenantName: tenant.name, mode: scope.mode, eventType: event.type, eventId: event.id, eventLogUrl: portalUrl(`/${tenant.slug}/admin/webhooks?status=failed`) }),
  });
}
