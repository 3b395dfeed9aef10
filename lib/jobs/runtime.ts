import type { DbHandle } from "@/db/client";
import { logger } from "@/lib/log";
import { openJobQueue, type JobQueue } from "./job-queue";
import { QUEUES } from "./queues";
import { createQueues, nudgeQueue, runWorkers, type WorkerOptions } from "./run-workers";

/** This process's job queue, shared by the app's module graphs (like the database handle). */
const g = globalThis as typeof globalThis & { __memberpulseJobs?: Promise<JobQueue> };

/**
 * Opens the job queue for this process and, with `work`, runs the workers and schedules. The server
 * does this at start (instrumentation.ts → lib/startup.ts); `npm run worker` does it on its own.
 */
export function startJobs(handle: DbHandle, opts: { work: boolean } & WorkerOptions): Promise<JobQueue> {
  g.__memberpulseJobs ??= (async () => {
    const boss = await openJobQueue(handle);
    if (opts.work) await runWorkers(boss, handle.db, opts);
    else await createQueues(boss);
    return boss;
  })();
  return g.__memberpulseJobs;
}

/** Stops the workers, letting running jobs finish (up to pg-boss's grace period). */
export async function stopJobs(): Promise<void> {
  const running = g.__memberpulseJobs;
  g.__memberpulseJobs = undefined;
  if (running) await (await running).stop({ graceful: true, timeout: 10_000 });
}

/**
 * Asks for the mail relay to run now, after a commit that wrote mail. Best effort: without a job
 * queue in this process (a script), or if the database refuses, the relay's cron tick sends it
 * within a minute.
 */
export async function nudgeMailRelay(): Promise<void> {
  const running = g.__memberpulseJobs;
  if (!running) return;
  try {
    await nudgeQueue(await running, QUEUES.mailRelay);
  } catch (error) {
    logger.warn("jobs.nudge_failed", { error: error instanceof Error ? error.message : String(error) });
  }
}

/** This process's job queue, or null when it has none (a script). */
export async function runningJobQueue(): Promise<JobQueue | null> {
  const running = g.__memberpulseJobs;
  return running ? running.catch(() => null) : null;
}
