import type { Db } from "@/db/client";
import { listRedrivableEvents } from "@/db/queries/reconciliation";
import { replayWebhookEvent } from "@/lib/webhooks/replay";

/** After this many failed attempts an event waits for an admin's replay (the event log shows it). */
export const MAX_REDRIVE_ATTEMPTS = 6;

/**
 * The scheduled re-drive of events left `failed`: each one due (back-off doubling from a minute
 * after each failure) goes through the replay path again, which is the exactly-once ingest. A
 * failure counts another attempt and moves the back-off on; at the limit the event is left alone.
 */
export async function redriveFailedEvents(db: Db): Promise<{ tried: number; processed: number }> {
  const due = await listRedrivableEvents(db, { maxAttempts: MAX_REDRIVE_ATTEMPTS, limit: 50 });
  let processed = 0;
  for (const event of due) {
    const result = await replayWebhookEvent(db, { tenantId: event.tenantId, id: event.id });
    if (result.ok) processed++;
  }
  return { tried: due.length, processed };
}
