import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { builtOnce } from "./built-once";
import { stripeBackfills, type BackfillKind, type BackfillProgress, type StripeBackfillRow, type StripeMode } from "../schema";

type Scope = { tenantId: string; mode: StripeMode };
const at = ({ tenantId, mode }: Scope) => and(eq(stripeBackfills.tenantId, tenantId), eq(stripeBackfills.mode, mode));

export async function getBackfill(db: Db, scope: Scope): Promise<StripeBackfillRow | null> {
  const [row] = await backfillAt(db).execute(scope);
  return row ?? null;
}

/** The Stripe settings page reads it on every request: written once (builtOnce). */
const backfillAt = builtOnce((db) =>
  db
    .select()
    .from(stripeBackfills)
    .where(and(eq(stripeBackfills.tenantId, sql.placeholder("tenantId")), eq(stripeBackfills.mode, sql.placeholder("mode"))))
    .limit(1)
    .prepare("backfill_at"),
);

/**
 * Asks for a backfill. A finished or failed one starts over with a new run id and empty progress
 * (an admin's "Import existing data" again); a queued or running one is left as it is (answers false).
 */
export async function requestBackfillRow(db: Db, scope: Scope & { runId: string }): Promise<boolean> {
  const rows = await db
    .insert(stripeBackfills)
    .values({ ...scope, status: "queued", progress: {} })
    .onConflictDoUpdate({
      target: [stripeBackfills.tenantId, stripeBackfills.mode],
      set: { runId: scope.runId, status: "queued", progress: {}, lastError: null, requestedAt: sql`now()`, startedAt: null, finishedAt: null, updatedAt: sql`now()` },
      setWhere: sql`${stripeBackfills.status} in ('done', 'failed')`,
    })
    .returning({ runId: stripeBackfills.runId });
  return rows.length === 1;
}

/** The job picked the run up (again, after a crash or a retry): running, the error cleared. */
export async function markBackfillRunning(db: Db, scope: Scope) {
  await db
    .update(stripeBackfills)
    .set({ status: "running", lastError: null, startedAt: sql`coalesce(${stripeBackfills.startedAt}, now())`, updatedAt: sql`now()` })
    .where(and(at(scope), sql`${stripeBackfills.status} in ('queued', 'running', 'failed')`));
}

/** In the page's transaction: the row lock orders two writers, and the page's rows commit with it. */
export async function lockBackfill(db: Db, scope: Scope): Promise<StripeBackfillRow | null> {
  const [row] = await db.select().from(stripeBackfills).where(at(scope)).for("update").limit(1);
  return row ?? null;
}

export async function saveBackfillProgress(db: Db, scope: Scope & { progress: BackfillProgress }) {
  await db.update(stripeBackfills).set({ progress: scope.progress, updatedAt: sql`now()` }).where(at(scope));
}

export async function finishBackfill(db: Db, scope: Scope & { error: string | null }) {
  await db
    .update(stripeBackfills)
    .set({ status: scope.error ? "failed" : "done", lastError: scope.error, finishedAt: sql`now()`, updatedAt: sql`now()` })
    .where(at(scope));
}

/** A retryable stop (429, Stripe unreachable): still running as far as the page is concerned, with the reason. */
export async function noteBackfillError(db: Db, scope: Scope & { error: string }) {
  await db.update(stripeBackfills).set({ lastError: scope.error, updatedAt: sql`now()` }).where(at(scope));
}

export type { BackfillKind };
