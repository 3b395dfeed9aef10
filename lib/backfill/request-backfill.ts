import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { requestBackfillRow } from "@/db/queries/backfill";
import type { StripeMode } from "@/db/schema";
import { queueBackfill } from "@/lib/jobs/run-workers";
import { runningJobQueue } from "@/lib/jobs/runtime";

export type BackfillRequest = { ok: true; message: string } | { ok: false; error: string };

/**
 * "Import existing data", and a newly connected account: records the request (a finished import
 * starts over; one in progress is kept) and queues the job, which resumes a run already under way.
 */
export async function requestBackfill(db: Db, scope: { tenantId: string; mode: StripeMode }): Promise<BackfillRequest> {
  const boss = await runningJobQueue();
  if (!boss) return { ok: false, error: "Background jobs are not running in this server. Start a worker (npm run worker) and try again." };
  const fresh = await requestBackfillRow(db, { ...scope, runId: randomUUID() });
  await queueBackfill(boss, scope);
  return fresh
    ? { ok: true, message: "Import queued: progress shows below (reload the page to follow it)." }
    : { ok: true, message: "An import for this mode is already under way: it continues where it stopped." };
}
