import type { Db } from "@/db/client";
import { countFailedEvents, getLastEvent, getSignatureFailures } from "@/db/queries/webhook-events";
import type { StripeMode } from "@/db/schema";

export type WebhookHealth = {
  lastEventAt: Date | null;
  lastEventType: string | null;
  lastSignatureFailureAt: Date | null;
  failedCount: number;
};

/** The figures the Stripe settings page shows for one tenant and mode. */
export async function getWebhookHealth(db: Db, { tenantId, mode }: { tenantId: string; mode: StripeMode }): Promise<WebhookHealth> {
  const [last, failures, failedCount] = await Promise.all([
    getLastEvent(db, { tenantId, mode }),
    getSignatureFailures(db, { tenantId, mode }),
    countFailedEvents(db, { tenantId, mode }),
  ]);
  return {
    lastEventAt: last?.receivedAt ?? null,
    lastEventType: last?.type ?? null,
    lastSignatureFailureAt: failures?.lastFailureAt ?? null,
    failedCount,
  };
}
