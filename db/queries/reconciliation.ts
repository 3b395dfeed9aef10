import { and, eq, inArray, isNotNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { builtOnce } from "./built-once";
import { stripeReconciliations, stripeSettings, webhookEvents, type StripeMode } from "../schema";

type Scope = { tenantId: string; mode: StripeMode };

export async function getReconciliation(db: Db, { tenantId, mode }: Scope) {
  const [row] = await reconciliationAt(db).execute({ tenantId, mode });
  return row ?? null;
}

/** The Stripe settings page reads it on every request: written once (builtOnce). */
const reconciliationAt = builtOnce((db) =>
  db
    .select()
    .from(stripeReconciliations)
    .where(and(eq(stripeReconciliations.tenantId, sql.placeholder("tenantId")), eq(stripeReconciliations.mode, sql.placeholder("mode"))))
    .limit(1)
    .prepare("reconciliation_at"),
);

/** Records a finished run: the new checkpoint (never moved back) and what it found. */
export async function saveReconciliationRun(db: Db, { tenantId, mode, checkpointCreated, scanned, recovered, error }: Scope & { checkpointCreated: number | null; scanned: number; recovered: number; error: string | null }) {
  const values = { tenantId, mode, checkpointCreated, lastRunAt: new Date(), lastScanned: scanned, lastRecovered: recovered, totalRecovered: recovered, lastError: error };
  await db
    .insert(stripeReconciliations)
    .values(values)
    .onConflictDoUpdate({
      target: [stripeReconciliations.tenantId, stripeReconciliations.mode],
      set: {
        checkpointCreated: sql`greatest(${stripeReconciliations.checkpointCreated}, excluded.checkpoint_created)`,
        lastRunAt: values.lastRunAt,
        lastScanned: scanned,
        lastRecovered: recovered,
        totalRecovered: sql`${stripeReconciliations.totalRecovered} + ${recovered}`,
        lastError: error,
      },
    });
}

/** Which of these Stripe event ids the portal has already recorded (in any status). */
export async function knownEventIds(db: Db, { tenantId, eventIds }: { tenantId: string; eventIds: string[] }): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const rows = await db
    .select({ eventId: webhookEvents.eventId })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.tenantId, tenantId), inArray(webhookEvents.eventId, eventIds)));
  return new Set(rows.map((r) => r.eventId));
}

/** Tenants and modes with a secret key of their own or a Connect account: the ones reconciliation can list events for. */
export async function listReconcilableScopes(db: Db): Promise<Scope[]> {
  return db
    .select({ tenantId: stripeSettings.tenantId, mode: stripeSettings.mode })
    .from(stripeSettings)
    .where(or(isNotNull(stripeSettings.secretKeyEnc), isNotNull(stripeSettings.connectAccountId)));
}

/**
 * Failed events due for another try: fewer than `maxAttempts` so far, and the last failure older
 * than the back-off (1, 2, 4, 8 … minutes after the attempts so far).
 */
export async function listRedrivableEvents(db: Db, { maxAttempts, limit }: { maxAttempts: number; limit: number }) {
  return db
    .select({ id: webhookEvents.id, tenantId: webhookEvents.tenantId })
    .from(webhookEvents)
    .where(
      and(
        eq(webhookEvents.status, "failed"),
        lt(webhookEvents.attempts, maxAttempts),
        lt(sql`coalesce(${webhookEvents.lastFailedAt}, ${webhookEvents.receivedAt})`, sql`now() - make_interval(mins => power(2, ${webhookEvents.attempts} - 1)::int)`),
      ),
    )
    .limit(limit);
}
