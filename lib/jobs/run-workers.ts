import type { JobResult } from "pg-boss";
import type { Db } from "@/db/client";
import { listReconcilableScopes } from "@/db/queries/reconciliation";
import { relayPendingMail } from "@/lib/mail/relay";
import { runBackfill } from "@/lib/backfill/run-backfill";
import { reconcileEvents } from "@/lib/reconcile/reconcile-events";
import { redriveFailedEvents } from "@/lib/reconcile/redrive-failed";
import { sendOutboxMail } from "@/lib/mail/send-outbox-mail";
import type { JobQueue } from "./job-queue";
import { pruneExpiredRows } from "./prune";
import { QUEUE_OPTIONS, QUEUES, SCHEDULES, type QueueName } from "./queues";

/** Creates (or updates) every queue with its policy. Safe to run in every process at every start. */
export async function createQueues(boss: JobQueue) {
  for (const [name, options] of Object.entries(QUEUE_OPTIONS)) {
    if (!(await boss.getQueue(name))) await boss.createQueue(name, options);
    else {
      // A queue's policy is fixed at creation; its retry options follow the code.
      const { policy: _fixed, ...changeable } = options;
      await boss.updateQueue(name, changeable);
    }
  }
}

export type WorkerOptions = {
  /** How often an idle worker asks for work (seconds; pg-boss's minimum is 0.5). */
  pollingIntervalSeconds?: number;
  /** Mails sent at once by this process. */
  mailConcurrency?: number;
};

/**
 * Starts this process's workers and registers the cron schedules. Each job is claimed by exactly
 * one worker of all processes (pg-boss: `FOR UPDATE SKIP LOCKED`); a handler that throws is retried
 * with the queue's back-off, and a job that expires (its process died) is retried too.
 */
export async function runWorkers(boss: JobQueue, db: Db, opts: WorkerOptions = {}) {
  const polling = { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2 };
  await createQueues(boss);
  // Batches of 10, fetched again at once while batches come back full (a worker otherwise waits a
  // polling interval after every fetch: 16 mails/s with 8 workers, measured by bench/mail-queue.ts);
  // each mail of a batch succeeds or fails on its own.
  const mailOptions = { ...polling, includeMetadata: true, perJobResults: true, batchSize: 10, burstWhenBatchFull: true, localConcurrency: opts.mailConcurrency ?? 2 } as const;
  await boss.work<{ outboxId: string }, void, typeof mailOptions>(QUEUES.mailSend, mailOptions, (jobs) =>
    Promise.all(
      jobs.map(async (job): Promise<JobResult> => {
        try {
          await sendOutboxMail(db, { outboxId: job.data.outboxId, lastAttempt: job.retryCount >= job.retryLimit });
          return { id: job.id, status: "completed" };
        } catch (error) {
          return { id: job.id, status: "failed", output: { message: error instanceof Error ? error.message : String(error) } };
        }
      }),
    ),
  );
  await boss.work(QUEUES.mailRelay, polling, async () => {
    await relayPendingMail(db, boss);
  });
  await boss.work(QUEUES.prune, polling, async () => {
    await pruneExpiredRows(db);
  });
  await boss.work(QUEUES.reconcileAll, polling, async () => {
    for (const scope of await listReconcilableScopes(db)) await queueReconciliation(boss, scope);
  });
  await boss.work<ReconcileScope>(QUEUES.reconcileTenant, polling, async ([job]) => {
    if (job) await reconcileEvents(db, { tenantId: job.data.tenantId, mode: job.data.mode });
  });
  await boss.work(QUEUES.redrive, polling, async () => {
    await redriveFailedEvents(db);
  });
  await boss.work<ReconcileScope>(QUEUES.backfill, polling, async ([job]) => {
    if (job) await runBackfill(db, { tenantId: job.data.tenantId, mode: job.data.mode });
  });
  for (const { queue, cron } of SCHEDULES) await boss.schedule(queue, cron);
}

/** Asks for a queue's job now (e.g. the relay after a commit that wrote mail). */
export async function nudgeQueue(boss: JobQueue, queue: QueueName): Promise<void> {
  await boss.send(queue, {});
}

export type ReconcileScope = { tenantId: string; mode: "test" | "live" };

/** Queues one reconciliation for a tenant and mode; null when one is already queued or running. */
export function queueReconciliation(boss: JobQueue, scope: ReconcileScope): Promise<string | null> {
  return boss.send(QUEUES.reconcileTenant, scope, { singletonKey: `${scope.tenantId}:${scope.mode}` });
}

/** Queues the import of a tenant's existing Stripe objects; null when one is already queued or running. */
export function queueBackfill(boss: JobQueue, scope: ReconcileScope): Promise<string | null> {
  return boss.send(QUEUES.backfill, scope, { singletonKey: `${scope.tenantId}:${scope.mode}` });
}
