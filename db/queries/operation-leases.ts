import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "../client";
import { operationLeases } from "../schema";

/** Takes the lease on `key` unless someone else holds an unexpired one. One autocommitted statement. */
export async function claimLease(db: Db, { key, holder, ttlSeconds }: { key: string; holder: string; ttlSeconds: number }): Promise<boolean> {
  const rows = await db
    .insert(operationLeases)
    .values({ key, holder, expiresAt: sql`now() + make_interval(secs => ${ttlSeconds})` })
    .onConflictDoUpdate({
      target: operationLeases.key,
      set: { holder, expiresAt: sql`now() + make_interval(secs => ${ttlSeconds})` },
      setWhere: sql`${operationLeases.expiresAt} <= now()`,
    })
    .returning({ key: operationLeases.key });
  return rows.length === 1;
}

export async function releaseLease(db: Db, { key, holder }: { key: string; holder: string }) {
  await db.delete(operationLeases).where(and(eq(operationLeases.key, key), eq(operationLeases.holder, holder)));
}

/**
 * Leases expired for over an hour: their holder died or forgot to release them. A claim replaces an
 * expired lease anyway, so this only keeps the table small. Answers how many went.
 */
export async function pruneExpiredLeases(db: Db): Promise<number> {
  const rows = await db.delete(operationLeases).where(lt(operationLeases.expiresAt, sql`now() - interval '1 hour'`)).returning({ key: operationLeases.key });
  return rows.length;
}
