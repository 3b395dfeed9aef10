import type { StripeMode } from "@/db/schema";
import { queueReconciliation } from "@/lib/jobs/run-workers";
import { runningJobQueue } from "@/lib/jobs/runtime";

export type ReconcileRequest = { ok: true; message: string } | { ok: false; error: string };

/** "Reconcile now" on the Stripe settings page: queues the tenant's run for a worker. */
export async function requestReconciliation(scope: { tenantId: string; mode: StripeMode }): Promise<ReconcileRequest> {
  const boss = await runningJobQueue();
  if (!boss) return { ok: false, error: "Background jobs are not running in this server. Start a worker (npm run worker) and try again." };
  const id = await queueReconciliation(boss, scope);
  return id
    ? { ok: true, message: "Reconciliation queued: the health panel shows what it found in a moment (reload the page)." }
    : { ok: true, message: "A reconciliation for this mode is already queued or running." };
}
