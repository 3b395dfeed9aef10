import type { Db } from "@/db/client";
import { pruneAuthThrottles } from "@/db/queries/auth-throttles";
import { pruneExpiredLeases } from "@/db/queries/operation-leases";
import { pruneResetTokens } from "@/db/queries/password-resets";
import { pruneVerificationTokens } from "@/db/queries/email-verifications";
import { logger } from "@/lib/log";

/**
 * The scheduled sweep (every 15 minutes, lib/jobs/queues.ts) of rows that only matter until they
 * expire: throttle counters idle for a day, leases whose holder is gone, reset links used or expired.
 * Each is one DELETE; running it twice at once deletes nothing twice.
 */
export async function pruneExpiredRows(db: Db) {
  const [throttles, leases, resets, verifications] = await Promise.all([pruneAuthThrottles(db), pruneExpiredLeases(db), pruneResetTokens(db), pruneVerificationTokens(db)]);
  logger.info("jobs.pruned", { throttles, leases, resets, verifications });
  return { throttles, leases, resets, verifications };
}
