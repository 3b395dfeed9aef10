import { and, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "../client";
import { authThrottles } from "../schema";

export type ThrottleKey = { key: string; threshold: number; windowSeconds: number };

// Back-off once a counter reaches its threshold: 30 s, doubling per further failure, at most 15 min.
const BASE_SECONDS = 30;
const MAX_LOCK_SECONDS = 15 * 60;

/** failures after this one: the count restarts when the last failure is older than the window. */
const nextFailures = sql`CASE WHEN ${authThrottles.lastFailureAt} < now() - make_interval(secs => excluded.window_seconds) THEN 1 ELSE ${authThrottles.failures} + 1 END`;

/**
 * Counts one attempt against every key BEFORE the attempt runs (a success gives it back), in one
 * statement, so that concurrent attempts cannot all slip under the limit. A key that is locked is
 * left as it is (hammering a lock does not extend it). Returns the keys that were counted: the
 * attempt may proceed only when all were.
 */
export async function countAttempt(db: Db, keys: ThrottleKey[]): Promise<Set<string>> {
  const rows = await db
    .insert(authThrottles)
    .values(keys.map((k) => ({ ...k, failures: 1, lastFailureAt: sql`now()`, lockedUntil: k.threshold <= 1 ? sql`now() + make_interval(secs => ${BASE_SECONDS})` : null })))
    .onConflictDoUpdate({
      target: authThrottles.key,
      set: {
        failures: nextFailures,
        lastFailureAt: sql`now()`,
        lockedUntil: sql`CASE WHEN (${nextFailures}) >= excluded.threshold
          THEN now() + make_interval(secs => least(${MAX_LOCK_SECONDS}, ${BASE_SECONDS} * power(2, (${nextFailures}) - excluded.threshold)))
          ELSE NULL END`,
        threshold: sql`excluded.threshold`,
        windowSeconds: sql`excluded.window_seconds`,
      },
      setWhere: sql`${authThrottles.lockedUntil} IS NULL OR ${authThrottles.lockedUntil} <= now()`,
    })
    .returning({ key: authThrottles.key });
  return new Set(rows.map((r) => r.key));
}

/** Seconds until every one of these keys is unlocked (0 when none is locked). */
export async function secondsUntilUnlocked(db: Db, keys: string[]): Promise<number> {
  const [row] = await db
    .select({ seconds: sql<number>`coalesce(ceil(extract(epoch from max(${authThrottles.lockedUntil}) - now())), 0)::int` })
    .from(authThrottles)
    .where(inArray(authThrottles.key, keys));
  return Math.max(0, row?.seconds ?? 0);
}

/** A successful attempt: its own reservation is given back, and the keys in `reset` start over. */
export async function settleSuccess(db: Db, { giveBack, reset }: { giveBack: string[]; reset: string[] }) {
  if (reset.length) await db.delete(authThrottles).where(inArray(authThrottles.key, reset));
  if (giveBack.length) {
    await db
      .update(authThrottles)
      .set({ failures: sql`greatest(${authThrottles.failures} - 1, 0)` })
      .where(inArray(authThrottles.key, giveBack));
  }
}

/** Counters nobody has failed on for a day carry no information any more. Answers how many went. */
export async function pruneAuthThrottles(db: Db): Promise<number> {
  const rows = await db
    .delete(authThrottles)
    .where(and(lt(authThrottles.lastFailureAt, sql`now() - interval '1 day'`), sql`coalesce(${authThrottles.lockedUntil}, now()) <= now()`))
    .returning({ key: authThrottles.key });
  return rows.length;
}
