import type { Db } from "@/db/client";
import { getReconciliation } from "@/db/queries/reconciliation";
import { countFailedEvents, getLastEvent, getSignatureFailures } from "@/db/queries/webhook-events";
import type { StripeMode } from "@/db/schema";

export type WebhookHealth = {
  lastEventAt: Date | null;
  lastEventType: string | null;
  lastSignatureFailureAt: Date | null;
  failedCount: number;
  /** The last reconciliation from Stripe's events list (lib/reconcile), if any ran. */
  reconciliation: { at: Date; scanned: number; recovered: number; totalRecovered: number; error: string | null } | null;
};

/** The figures the Stripe settings page shows for one tenant and mode. */
export async function getWebhookHealth(db: Db, { tenantId, mode }: { tenantId: string; mode: StripeMode }): Promise<WebhookHealth> {
  const [last, failures, failedCount, reconciled] = await Promise.all([
    getLastEvent(db, { tenantId, mode }),
    getSignatureFailures(db, { tenantId, mode }),
    countFailedEvents(db, { tenantId, mode }),
    getReconciliation(db, { tenantId, mode }),
  ]);
  return {
    lastEventAt: last?.receivedAt ?? null,
    lastEventType: last?.type ?? null,
    lastSignatureFailureAt: failures?.lastFailureAt ?? null,
    failedCount,
    reconciliation: reconciled?.lastRunAt
      ? { at: reconciled.lastRunAt, scanned: reconciled.lastScanned, recovered: reconciled.lastRecovered, totalRecovered: reconciled.totalRecovered, error: reconciled.lastError }
      : null,
  };
}
