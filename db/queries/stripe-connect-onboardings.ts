import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { builtOnce } from "./built-once";
import { stripeConnectOnboardings, stripeConnectStates, type StripeConnectOnboardingRow, type StripeMode } from "../schema";

type Scope = { tenantId: string; mode: StripeMode };

export async function getConnectOnboarding(db: Db | Tx, { tenantId, mode }: Scope): Promise<StripeConnectOnboardingRow | undefined> {
  const [row] = await db
    .select()
    .from(stripeConnectOnboardings)
    .where(and(eq(stripeConnectOnboardings.tenantId, tenantId), eq(stripeConnectOnboardings.mode, mode)))
    .limit(1);
  return row;
}

/**
 * Records the account created for (tenant, mode). A second "Create" racing the first loses: the
 * row already there is returned and the caller uses that account.
 */
export async function insertConnectOnboarding(db: Db, values: Scope & { accountId: string; startedBy: string }): Promise<StripeConnectOnboardingRow> {
  await db.insert(stripeConnectOnboardings).values(values).onConflictDoNothing({ target: [stripeConnectOnboardings.tenantId, stripeConnectOnboardings.mode] });
  const row = await getConnectOnboarding(db, values);
  if (!row) throw new Error("connect onboarding row vanished after insert");
  return row;
}

/**
 * What Stripe last said about the onboarding account, as of `at`; older news than the row's is
 * skipped (a retrieve and an account.updated may cross). Returns whether it was applied.
 */
export async function updateConnectOnboardingStatus(
  db: Db | Tx,
  { tenantId, mode, accountId, at, detailsSubmitted, chargesEnabled }: Scope & { accountId: string; at: Date; detailsSubmitted: boolean; chargesEnabled: boolean },
): Promise<boolean> {
  const rows = await db
    .update(stripeConnectOnboardings)
    .set({ detailsSubmitted, chargesEnabled, checkedAt: at })
    .where(
      and(
        eq(stripeConnectOnboardings.tenantId, tenantId),
        eq(stripeConnectOnboardings.mode, mode),
        eq(stripeConnectOnboardings.accountId, accountId),
        sql`(${stripeConnectOnboardings.checkedAt} is null or ${stripeConnectOnboardings.checkedAt} <= ${at.toISOString()}::timestamptz)`,
      ),
    )
    .returning({ accountId: stripeConnectOnboardings.accountId });
  return rows.length > 0;
}

/**
 * Ends the onboarding of (tenant, mode) for `accountId`. Its link states are left alone: after a
 * completion the browser may still come back through return_url and is told "connected" (Cancel
 * deletes them itself).
 */
export async function deleteConnectOnboarding(db: Db | Tx, { tenantId, mode, accountId }: Scope & { accountId: string }): Promise<boolean> {
  const rows = await db
    .delete(stripeConnectOnboardings)
    .where(and(eq(stripeConnectOnboardings.tenantId, tenantId), eq(stripeConnectOnboardings.mode, mode), eq(stripeConnectOnboardings.accountId, accountId)))
    .returning({ accountId: stripeConnectOnboardings.accountId });
  return rows.length > 0;
}

/** The return and refresh states of the tenant's account links: once one is used, its sibling dies with it. */
export async function deleteOnboardingStates(db: Db | Tx, { tenantId, mode }: Scope): Promise<void> {
  await db
    .delete(stripeConnectStates)
    .where(
      and(
        eq(stripeConnectStates.tenantId, tenantId),
        eq(stripeConnectStates.mode, mode),
        sql`${stripeConnectStates.purpose} in ('onboarding_return', 'onboarding_refresh')`,
      ),
    );
}

/** Both modes' onboardings of a tenant (the settings page shows them). */
export async function listConnectOnboardings(db: Db, { tenantId }: { tenantId: string }): Promise<StripeConnectOnboardingRow[]> {
  return onboardingsOf(db).execute({ tenantId });
}

/** The Stripe settings page reads it on every request: written once (builtOnce). */
const onboardingsOf = builtOnce((db) => db.select().from(stripeConnectOnboardings).where(eq(stripeConnectOnboardings.tenantId, sql.placeholder("tenantId"))).prepare("connect_onboardings_of"));
