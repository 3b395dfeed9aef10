import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "@/db/client";
import { claimLease, releaseLease } from "@/db/queries/operation-leases";
import { DomainError } from "@/lib/errors/domain-error";
import { logger } from "@/lib/log";

// Longer than the Stripe client's worst case (20 s timeout, two retries), so a lease never runs
// out under a holder that is still waiting for Stripe; a crashed holder's lease frees itself.
const LEASE_SECONDS = 90;
const WAIT_MS = 25_000;

/**
 * Runs `fn` for `key` while no other request (in any app instance) runs it for the same key.
 * Replaces "lock in a transaction, call Stripe, write, commit": the lease lives in its own row, so
 * no transaction, row lock or pool connection is held while Stripe answers, and on the embedded
 * database (one connection) everything else keeps running. A second request waits for the first
 * to finish, then runs `fn` itself — which finds what the first one recorded and reuses it.
 *
 * `fn` must re-check state itself (it runs after any earlier holder) and must not be called from
 * inside a transaction.
 */
export async function singleFlight<T>(db: Db, key: string, fn: () => Promise<T>): Promise<T> {
  const holder = randomUUID();
  const deadline = Date.now() + WAIT_MS;
  let delay = 20;
  while (!(await claimLease(db, { key, holder, ttlSeconds: LEASE_SECONDS }))) {
    if (Date.now() > deadline) throw new DomainError("conflict", "The same request is still being processed. Try again in a moment.");
    await sleep(delay);
    delay = Math.min(delay * 2, 200);
  }
  try {
    return await fn();
  } finally {
    await releaseLease(db, { key, holder }).catch((error: unknown) => logger.warn("single_flight.release_failed", { key, error }));
  }
}
