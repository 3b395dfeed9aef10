import { and, eq, gt, lt, sql } from "drizzle-orm";
import type { Db } from "../client";
import { connectUnroutedEvents, stripeConnectOnboardings, stripeConnectStates, stripeSettings, type ConnectStatePurpose, type StripeMode } from "../schema";

export async function insertConnectState(db: Db, values: { stateHash: string; tenantId: string; userId: string; mode: StripeMode; expiresAt: Date; purpose?: ConnectStatePurpose }): Promise<void> {
  // Old, never-used states go with each new one: no job needed, and the table stays small.
  await db.delete(stripeConnectStates).where(lt(stripeConnectStates.expiresAt, sql`now()`));
  await db.insert(stripeConnectStates).values(values);
}

/**
 * Takes a state out of the table (single use: a second callback with it finds nothing) and returns
 * it only while unexpired. One statement, so two callbacks racing with one state cannot both win.
 */
export async function consumeConnectState(db: Db, { stateHash, purpose = "oauth", tenantId }: { stateHash: string; purpose?: ConnectStatePurpose; tenantId?: string }) {
  // A state of another purpose (or, when the URL names one, another tenant) is not touched: it
  // cannot be used here, and a stranger presenting it must not be able to burn it either.
  const [row] = await db
    .delete(stripeConnectStates)
    .where(and(eq(stripeConnectStates.stateHash, stateHash), eq(stripeConnectStates.purpose, purpose), tenantId ? eq(stripeConnectStates.tenantId, tenantId) : undefined))
    .returning({ tenantId: stripeConnectStates.tenantId, userId: stripeConnectStates.userId, mode: stripeConnectStates.mode, expiresAt: stripeConnectStates.expiresAt });
  if (!row || row.expiresAt.getTime() <= Date.now()) return null;
  return row;
}

/**
 * The tenant that a Connect event belongs to: the one whose `mode` settings name the event's
 * account, else the one onboarding that account (its account.updated completes the onboarding).
 */
export async function findTenantByConnectAccount(db: Db, { mode, accountId }: { mode: StripeMode; accountId: string }): Promise<string | null> {
  const [row] = await db
    .select({ tenantId: stripeSettings.tenantId })
    .from(stripeSettings)
    .where(and(eq(stripeSettings.mode, mode), eq(stripeSettings.connectAccountId, accountId)))
    .limit(1);
  if (row) return row.tenantId;
  const [onboarding] = await db
    .select({ tenantId: stripeConnectOnboardings.tenantId })
    .from(stripeConnectOnboardings)
    .where(and(eq(stripeConnectOnboardings.mode, mode), eq(stripeConnectOnboardings.accountId, accountId)))
    .limit(1);
  return onboarding?.tenantId ?? null;
}

/** Records a Connect event no tenant owns; a redelivery of it changes nothing. */
export async function recordUnroutedEvent(db: Db, values: { mode: StripeMode; eventId: string; accountId: string | null; type: string }): Promise<void> {
  await db.insert(connectUnroutedEvents).values(values).onConflictDoNothing();
}

export async function countUnroutedEvents(db: Db, { mode, since }: { mode: StripeMode; since?: Date }): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(connectUnroutedEvents)
    .where(since ? and(eq(connectUnroutedEvents.mode, mode), gt(connectUnroutedEvents.receivedAt, since)) : eq(connectUnroutedEvents.mode, mode));
  return row?.n ?? 0;
}

/**
 * account.updated: the connected account's state as of `created`. Skipped when the last check or
 * event was later (events arrive out of order), and only while the tenant is still connected to it.
 */
export async function applyConnectAccountUpdate(
  db: Db,
  { tenantId, mode, accountId, created, patch }: { tenantId: string; mode: StripeMode; accountId: string; created: number; patch: { chargesEnabled: boolean; payoutsEnabled: boolean; accountName: string | null; healthMessage: string } },
): Promise<boolean> {
  const at = new Date(created * 1000);
  // `created` has one-second resolution while a check is stamped to the millisecond: an event of
  // the same second as the last check counts as not older.
  const notBefore = new Date((created + 1) * 1000);
  const rows = await db
    .update(stripeSettings)
    .set({ ...patch, healthStatus: "connected", healthCheckedAt: at, updatedAt: sql`now()` })
    .where(
      and(
        eq(stripeSettings.tenantId, tenantId),
        eq(stripeSettings.mode, mode),
        eq(stripeSettings.connectAccountId, accountId),
        sql`(${stripeSettings.healthCheckedAt} is null or ${stripeSettings.healthCheckedAt} < ${notBefore.toISOString()}::timestamptz)`,
      ),
    )
    .returning({ id: stripeSettings.id });
  return rows.length > 0;
}

/** account.application.deauthorized (or Disconnect): the tenant stops acting in the account. */
export async function markConnectDeauthorized(db: Db, { tenantId, mode, accountId, message }: { tenantId: string; mode: StripeMode; accountId: string; message: string }): Promise<boolean> {
  const rows = await db
    .update(stripeSettings)
    .set({ connectAccountId: null, connectedAt: null, disconnectedAt: sql`now()`, healthStatus: null, healthMessage: message, healthCheckedAt: sql`now()`, chargesEnabled: null, payoutsEnabled: null, updatedAt: sql`now()` })
    .where(and(eq(stripeSettings.tenantId, tenantId), eq(stripeSettings.mode, mode), eq(stripeSettings.connectAccountId, accountId)))
    .returning({ id: stripeSettings.id });
  return rows.length > 0;
}
