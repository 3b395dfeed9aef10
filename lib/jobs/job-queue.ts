import { PgBoss, fromDrizzle, fromPglite } from "pg-boss";
import { sql } from "drizzle-orm";
import type { DbHandle, Tx } from "@/db/client";
import { logger } from "@/lib/log";

export type JobQueue = PgBoss;

/** pg-boss keeps its tables in their own schema, apart from the app's (drizzle-kit never sees them). */
const SCHEMA = "pgboss";

/**
 * pg-boss on the app's database. On the embedded default it runs its SQL on the PGlite instance
 * itself through pg-boss's own `pglite` backend (one connection: PGlite queues each statement
 * behind any open transaction, so jobs never interleave with a request's transaction). On
 * Postgres it opens its own small `pg` pool; claims use `FOR UPDATE SKIP LOCKED`, so any number of
 * processes can work the same queues.
 *
 * `supervise`/`schedule`: maintenance and cron evaluation. pg-boss coordinates them between
 * processes itself (advisory locks and throttled cron jobs), so every process may run them.
 */
export async function openJobQueue(handle: DbHandle): Promise<JobQueue> {
  const common = { schema: SCHEMA, application_name: "memberpulse-jobs" };
  let boss: PgBoss;
  if (handle.kind === "pglite") {
    if (!handle.pglite) throw new Error("The embedded database handle has no PGlite instance.");
    boss = new PgBoss({ ...common, backend: "pglite", db: fromPglite(handle.pglite) });
  } else {
    if (!handle.url) throw new Error("A Postgres handle without a URL cannot host the job queue.");
    // Three connections: fetching, completing and the supervisor; jobs do their own work on the
    // app's pool, not on this one.
    boss = new PgBoss({ ...common, connectionString: handle.url, max: 3, connectionTimeoutMillis: 10_000 });
  }
  // Errors of polling or maintenance (a database restart, a timeout): pg-boss retries by itself.
  // Only the message is logged: driver errors can carry statement parameters.
  boss.on("error", (error: Error) => logger.error("jobs.error", { error: error.message }));
  await boss.start();
  return boss;
}

/**
 * pg-boss's own operations inside one of the app's transactions (pg-boss's Drizzle adapter): the
 * job exists if and only if the transaction commits.
 */
export function inTransaction(tx: Tx) {
  return fromDrizzle(tx as unknown as Parameters<typeof fromDrizzle>[0], sql);
}
