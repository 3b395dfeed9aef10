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

/**
 * The admin subscriptions page beside its sorted memberships list (lib/lists/sorted-lists.ts): the
 * unpaid renewals, the latest invoices and the proration policy, in parallel.
 */
export async function loadAdminSubscriptionsView(db: Db, { tenantId }: { tenantId: string }) {
  const [notices, invoices, settings] = await Promise.all([listOpenNotices(db, { tenantId }), listInvoiceRows(db, { tenantId, limit: RECENT_INVOICES }), getBillingSettings(db, { tenantId })]);
  return { notices, invoices, prorationPolicy: settings.prorationPolicy };
}

/** The subscriptions page shows the latest invoices; the invoices page sorts and pages them all. */
export const RECENT_INVOICES = 10;
