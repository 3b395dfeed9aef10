import type { Db } from "@/db/client";
import { listInvoiceRows, listOpenNotices } from "@/db/queries/billing-notices";
import { getBillingSettings } from "@/db/queries/billing-settings";
import { listSubscriptionRows } from "@/db/queries/member-subscriptions";
import type { Role } from "@/db/schema";
import { DomainError } from "@/lib/errors/domain-error";
import { can } from "@/lib/auth/permissions";

type Reader = { tenantId: string; userId: string; role: Role };

/** Whose subscriptions a reader sees: their own; admins (subscriptions.view_all) everyone's, or one member's. */
export async function listSubscriptionsFor(db: Db, reader: Reader, { member }: { member?: string } = {}) {
  const all = can(reader.role, "subscriptions.view_all");
  if (member && member !== reader.userId && !all) throw new DomainError("forbidden", "Only admins can list another member's subscriptions.");
  return listSubscriptionRows(db, { tenantId: reader.tenantId, userId: all ? member : reader.userId });
}

/** The admin subscriptions page: every membership, the unpaid renewals and all invoices, in parallel. */
export async function loadAdminSubscriptionsView(db: Db, { tenantId }: { tenantId: string }) {
  const [rows, notices, invoices, settings] = await Promise.all([
    listSubscriptionRows(db, { tenantId }),
    listOpenNotices(db, { tenantId }),
    listInvoiceRows(db, { tenantId }),
    getBillingSettings(db, { tenantId }),
  ]);
  return { rows, notices, invoices, prorationPolicy: settings.prorationPolicy };
}
