import type Stripe from "stripe";
import type { Db } from "@/db/client";
import { getWebhookEvent } from "@/db/queries/webhook-events";
import type { LatestFetcher } from "./context";
import { stripeLatestFetcher } from "./fetch-latest";
import { processEvent, WebhookProjectionError, type ProcessResult } from "./process-event";

// `received`: a row that never finished (none is written that way today, but an older version or a
// crash between statements could leave one); Stripe's retry re-drives it too (process-event.ts).
export const REPLAYABLE_STATUSES = ["failed", "received", "ignored"] as const;

export type ReplayResult =
  | { ok: true; eventId: string; outcome: ProcessResult["outcome"]; note?: string }
  | { ok: false; reason: "not_replayable"; eventId: string; message: string }
  | { ok: false; reason: "not_found" | "failed"; message: string };

/**
 * Re-runs a stored event through the same exactly-once path as a delivery. Only failed or ignored
 * events can be replayed; a processed one answers "duplicate", so double clicks change nothing.
 */
export async function replayWebhookEvent(
  db: Db,
  { tenantId, id }: { tenantId: string; id: string },
  opts: { fetchLatest?: LatestFetcher } = {},
): Promise<ReplayResult> {
  const row = await getWebhookEvent(db, { tenantId, id });
  if (!row) return { ok: false, reason: "not_found", message: "Event not found." };
  if (!(REPLAYABLE_STATUSES as readonly string[]).includes(row.status)) {
    return { ok: false, reason: "not_replayable", eventId: row.eventId, message: `A ${row.status} event cannot be replayed.` };
  }
  // The payload was verified when it was received; it is replayed as stored.
  const event = row.payload as Stripe.Event;
  try {
    const result = await processEvent(db, { tenantId, mode: row.mode }, event, JSON.stringify(row.payload), {
      fetchLatest: opts.fetchLatest ?? stripeLatestFetcher(db, { tenantId, mode: row.mode }),
      retryable: REPLAYABLE_STATUSES,
    });
    return { ok: true, eventId: row.eventId, ...result };
  } catch (error) {
    if (error instanceof WebhookProjectionError) return { ok: false, reason: "failed", message: "The event failed again; see its error." };
    throw error;
  }
}
