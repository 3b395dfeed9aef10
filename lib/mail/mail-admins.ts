import type { Db } from "@/db/client";
import { getMailTenant, listTenantAdmins, type MailTenant } from "@/db/queries/mail-recipients";
import type { MailData } from "./catalog";
import { enqueueMail } from "./enqueue-mail";

type AdminAlert = "webhook_failure_alert" | "reconcile_drift_alert" | "stripe_disconnected_alert";

/**
 * An alert to each of the tenant's admins, in the caller's transaction. `cause` names what happened;
 * the dedupe key adds the hour, so a cause that repeats sends one alert per admin an hour.
 * Answers whether any mail was written.
 */
export async function mailTenantAdmins<T extends AdminAlert>(tx: Db, { tenantId, template, cause, data }: { tenantId: string; template: T; cause: string; data: (tenant: MailTenant) => MailData<T> }): Promise<boolean> {
  const tenant = await getMailTenant(tx, { tenantId });
  if (!tenant) return false;
  const hour = new Date().toISOString().slice(0, 13);
  let written = false;
  for (const admin of await listTenantAdmins(tx, { tenantId })) {
    const dedupeKey = `${template}:${tenantId}:${cause}:${hour}:${admin.userId}`;
    written = (await enqueueMail(tx, { tenantId, dedupeKey, to: admin.email, template, data: data(tenant) })) || written;
  }
  return written;
}
