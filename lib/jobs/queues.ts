import type { Queue } from "pg-boss";

/**
 * Every queue of the portal's background work, with its retry policy. pg-boss stores the policy on
 * the queue (createQueue is idempotent), so every process that starts agrees on it.
 */
export const QUEUES = {
  /** Sends one outbox row through SMTP (lib/mail/send-outbox-mail.ts). */
  mailSend: "mail.send",
  /** Gives every outbox row without a job its one `mail.send` job (lib/mail/relay.ts). */
  mailRelay: "mail.relay",
  /** Deletes expired throttle counters, leases and reset tokens (lib/jobs/prune.ts). */
  prune: "maintenance.prune",
  /** Hourly: one `reconcile.tenant` job per tenant and mode with keys of its own. */
  reconcileAll: "reconcile.all",
  /** Recovers events Stripe has and the portal missed (lib/reconcile/reconcile-events.ts). */
  reconcileTenant: "reconcile.tenant",
  /** Re-drives events left failed, with back-off and a limit (lib/reconcile/redrive-failed.ts). */
  redrive: "webhooks.redrive",
  /** Imports a connected account's existing objects, resumable (lib/backfill/run-backfill.ts). */
  backfill: "stripe.backfill",
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

type QueueOptions = Omit<Queue, "name">;

export const QUEUE_OPTIONS: Record<QueueName, QueueOptions> = {
  // An SMTP server that is down for a while: 30 s, 1 min, 2 min … up to an hour apart, 8 tries
  // (about 4 hours in all), then the row is marked failed and the job stays visible as failed.
  [QUEUES.mailSend]: { retryLimit: 8, retryDelay: 30, retryBackoff: true, retryDelayMax: 3600, expireInSeconds: 120, deleteAfterSeconds: 7 * 24 * 3600 },
  // "short": at most one relay waits in the queue, so a burst of nudges collapses into one run;
  // runs that overlap are harmless (each row is claimed by one UPDATE, see relay.ts).
  [QUEUES.mailRelay]: { policy: "short", retryLimit: 2, retryDelay: 10, expireInSeconds: 120, deleteAfterSeconds: 3600 },
  [QUEUES.prune]: { policy: "short", retryLimit: 2, retryDelay: 60, expireInSeconds: 300, deleteAfterSeconds: 24 * 3600 },
  [QUEUES.reconcileAll]: { policy: "short", retryLimit: 2, retryDelay: 60, expireInSeconds: 300, deleteAfterSeconds: 24 * 3600 },
  // "exclusive" per tenant and mode (singletonKey): one run queued or running at a time. A 429 or
  // an unreachable Stripe fails the job; it is retried 1, 2, 4 … minutes later.
  [QUEUES.reconcileTenant]: { policy: "exclusive", retryLimit: 5, retryDelay: 60, retryBackoff: true, retryDelayMax: 3600, expireInSeconds: 900, deleteAfterSeconds: 7 * 24 * 3600 },
  [QUEUES.redrive]: { policy: "short", retryLimit: 2, retryDelay: 60, expireInSeconds: 600, deleteAfterSeconds: 24 * 3600 },
  // One import per tenant and mode at a time. A run that fails (429s that outlast its own waits,
  // Stripe unreachable, a crash: expiry) is retried 1, 2, 4 … minutes later and resumes from its
  // cursors; ten tries cover a Stripe outage of several hours.
  [QUEUES.backfill]: { policy: "exclusive", retryLimit: 10, retryDelay: 60, retryBackoff: true, retryDelayMax: 3600, expireInSeconds: 3600, deleteAfterSeconds: 7 * 24 * 3600 },
};

/**
 * Cron schedules (UTC, minute precision). pg-boss throttles each so that one job is created per
 * tick however many processes run the scheduler. The relay's tick is only the safety net: every
 * writer of mail nudges it right after its commit.
 */
export const SCHEDULES: { queue: QueueName; cron: string }[] = [
  { queue: QUEUES.mailRelay, cron: "* * * * *" },
  { queue: QUEUES.prune, cron: "*/15 * * * *" },
  { queue: QUEUES.reconcileAll, cron: "7 * * * *" },
  { queue: QUEUES.redrive, cron: "*/5 * * * *" },
];
