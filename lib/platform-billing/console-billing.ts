import type Stripe from "stripe";
import type { Db } from "@/db/client";
import {
  currentPlatformSubscription,
  currentPlatformSubscriptions,
  getPlatformPlan,
  getPlatformWebhookEvent,
  lastPlatformEventAt,
  listPlatformBillingStatusChanges,
  listPlatformInvoices,
  listPlatformWebhookEvents,
} from "@/db/queries/platform-billing";
import { listPlatformSignatureFailures, recordPlatformAudit } from "@/db/queries/platform-audit";
import { DomainError } from "@/lib/errors/domain-error";
import { retrievePlatformSubscription } from "@/lib/stripe/platform-billing";
import { billingStatusOf, type PlatformBillingStatus } from "./billing-status";
import { platformStripe } from "./platform-stripe";
import { PlatformProjectionError, processPlatformEvent } from "./webhooks/process";

/*
 * The operator console's view of platform billing: plan, status and MRR per organisation, its
 * platform invoices and status history, and the platform webhook log with replay. Callers check
 * ROLE_PLATFORM_ADMIN first (app/platform/layout.tsx and each action).
 */

export type TenantBilling = { status: PlatformBillingStatus; planName: string | null; mrr: { amount: number; currency: string } | null };

/** Monthly recurring revenue counts paying plans only: active and past due (a trial pays nothing yet). */
function mrrOf(status: PlatformBillingStatus, amount: number | null, currency: string | null) {
  return (status === "active" || status === "past_due") && amount != null && currency ? { amount, currency } : null;
}

export async function billingByTenant(db: Db, { tenantIds }: { tenantIds: string[] }): Promise<Map<string, TenantBilling>> {
  const rows = await currentPlatformSubscriptions(db, { tenantIds });
  const map = new Map<string, TenantBilling>();
  for (const { sub, planName } of rows) {
    const status = billingStatusOf(sub.status);
    map.set(sub.tenantId, { status, planName, mrr: mrrOf(status, sub.amount, sub.currency) });
  }
  return map;
}

/** Total MRR per currency over the given tenants. */
export function totalMrr(billing: Iterable<TenantBilling>): { amount: number; currency: string }[] {
  const sums = new Map<string, number>();
  for (const b of billing) if (b.mrr) sums.set(b.mrr.currency, (sums.get(b.mrr.currency) ?? 0) + b.mrr.amount);
  return [...sums].map(([currency, amount]) => ({ currency, amount }));
}

export async function loadTenantBillingDetail(db: Db, { tenantId }: { tenantId: string }) {
  const [sub, invoices, history, lastEventAt] = await Promise.all([
    currentPlatformSubscription(db, { tenantId }),
    listPlatformInvoices(db, { tenantId }),
    listPlatformBillingStatusChanges(db, { tenantId }),
    lastPlatformEventAt(db, { tenantId }),
  ]);
  const plan = sub?.planId ? await getPlatformPlan(db, { planId: sub.planId }) : undefined;
  const status = billingStatusOf(sub?.status);
  return { status, planName: plan?.name ?? null, mrr: mrrOf(status, sub?.amount ?? null, sub?.currency ?? null), currentPeriodEnd: sub?.currentPeriodEnd ?? null, invoices, history, lastEventAt };
}

export async function loadPlatformWebhookLog(db: Db, { status }: { status?: string }) {
  const filter = status && ["processed", "ignored", "failed", "received"].includes(status) ? status : undefined;
  const [events, signatureFailures] = await Promise.all([listPlatformWebhookEvents(db, { limit: 100, status: filter }), listPlatformSignatureFailures(db)]);
  return { status: filter ?? "", events, signatureFailures };
}

/** Runs a stored platform event again (failed or ignored ones), exactly as a delivery would. */
export async function replayPlatformEvent(db: Db, actor: { userId: string }, { id }: { id: string }): Promise<{ outcome: string; note?: string }> {
  const row = await getPlatformWebhookEvent(db, { id });
  if (!row) throw new DomainError("not_found", "No such event.");
  if (row.status !== "failed" && row.status !== "ignored") throw new DomainError("conflict", `This event is ${row.status}; only failed or ignored events are replayed.`);
  const platform = platformStripe();
  const event = row.payload as Stripe.Event;
  try {
    return await processPlatformEvent(db, row.mode, event, JSON.stringify(row.payload), {
      fetchLatest: (_kind, subId) => retrievePlatformSubscription(platform.client, subId),
      retryable: ["failed", "ignored"],
      alsoInTransaction: (tx) => recordPlatformAudit(tx, { actorUserId: actor.userId, action: "platform.webhook_replayed", target: row.eventId, tenantId: row.tenantId }),
    });
  } catch (error) {
    if (error instanceof PlatformProjectionError) throw new DomainError("conflict", `It failed again: ${error.detail}`);
    throw error;
  }
}
