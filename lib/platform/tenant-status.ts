import { z } from "zod";
import type { Db } from "@/db/client";
import type { TenantStatus } from "@/db/schema";
import { recordAudit } from "@/db/queries/audit-log";
import { recordPlatformAudit } from "@/db/queries/platform-audit";
import { insertTenantStatusChange, setTenantStatus } from "@/db/queries/platform";
import { getTenantById } from "@/db/queries/tenants";
import { DomainError } from "@/lib/errors/domain-error";
import { BILLING_BLOCKS_PAYMENTS, tenantBillingStatus } from "@/lib/platform-billing/billing-status";

/**
 * What a suspended tenant cannot do, decided once here and enforced by the services that start
 * money moving (each calls assertTenantTakesPayments before it reaches Stripe):
 *
 * - refused: one-time payments (incl. credit packages) — createMemberPayment; new subscriptions —
 *   createMemberSubscription; embedded Checkout Sessions — createMemberCheckout; plan changes —
 *   updateMemberSubscription; new invoices by admins — createAdminInvoice.
 * - still allowed: signing in and joining, every page of history (payments, receipts, invoices, credits),
 *   cancelling a subscription, managing saved cards, paying an invoice issued before the
 *   suspension, refunds, webhooks (Stripe's record stays complete), and every admin setting, so
 *   the organisation can put things right.
 *
 * Subscriptions that already exist keep renewing at Stripe: stopping them would mean pausing each
 * one in the tenant's own Stripe account, which the operator should not do on their behalf.
 */
export const SUSPENDED_MESSAGE = "This portal is paused by MemberPulse and cannot take new payments right now. Nothing was charged. Your history and receipts are still here.";

/** Platform billing's suspension (unpaid or canceled plan, lib/platform-billing/billing-status.ts) blocks the same things. */
export const UNPAID_MESSAGE = "This portal's MemberPulse plan is unpaid, so it cannot take new payments right now. Nothing was charged. Your history and receipts are still here.";

export async function assertTenantTakesPayments(db: Db, { tenantId }: { tenantId: string }): Promise<void> {
  const tenant = await getTenantById(db, { tenantId });
  if (tenant?.status === "suspended") throw new DomainError("tenant_suspended", SUSPENDED_MESSAGE);
  if (BILLING_BLOCKS_PAYMENTS.has(await tenantBillingStatus(db, { tenantId }))) throw new DomainError("tenant_suspended", UNPAID_MESSAGE);
}

export const statusReasonSchema = z.string().trim().min(3, "Give a reason of at least 3 characters (it is kept in the history and shown to the organisation's admins).").max(500, "Use at most 500 characters.");

export type StatusChange = { ok: true; changed: boolean } | { ok: false; error: string };

/**
 * Suspends or reactivates a tenant. The status, the history line, an entry in the tenant's own
 * audit log (so its admins see who did it and when) and one in the platform audit log commit together; doing it twice records once.
 */
export async function changeTenantStatus(db: Db, input: { tenantId: string; actorUserId: string; status: TenantStatus; reason: string }): Promise<StatusChange> {
  return db.transaction(async (tx): Promise<StatusChange> => {
    if (!(await getTenantById(tx, { tenantId: input.tenantId }))) return { ok: false, error: "This organisation no longer exists." };
    const changed = await setTenantStatus(tx, input);
    if (!changed) return { ok: true, changed: false };
    await insertTenantStatusChange(tx, input);
    const action = input.status === "suspended" ? "tenant.suspended" : "tenant.reactivated";
    await recordAudit(tx, { tenantId: input.tenantId, actorUserId: input.actorUserId, action, target: input.tenantId, fields: ["status", "reason"] });
    await recordPlatformAudit(tx, { actorUserId: input.actorUserId, action: `platform.${action}`, target: input.tenantId, tenantId: input.tenantId, fields: ["status", "reason"] });
    return { ok: true, changed: true };
  });
}
