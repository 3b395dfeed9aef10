import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { memberStripeCustomers, type StripeMode } from "../schema";

/**
 * The one module for member ↔ Stripe customer links (payments, subscriptions, catalog access).
 * A link is written once and never replaced: payments, saved cards and subscriptions already
 * hang off that customer in Stripe.
 */
type Key = { tenantId: string; userId: string; mode: StripeMode };

/**
 * Serialises "find or create this member's customer" across requests and app instances: a
 * transaction-scoped advisory lock on (tenant, member, mode). Released at commit/rollback.
 */
export async function lockMemberCustomer(db: Db, { tenantId, userId, mode }: Key) {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`customer:${tenantId}:${userId}:${mode}`}, 0))`);
}

export async function findMemberCustomerId(db: Db, { tenantId, userId, mode }: Key): Promise<string | null> {
  const [row] = await db
    .select({ id: memberStripeCustomers.stripeCustomerId })
    .from(memberStripeCustomers)
    .where(and(eq(memberStripeCustomers.tenantId, tenantId), eq(memberStripeCustomers.userId, userId), eq(memberStripeCustomers.mode, mode)))
    .limit(1);
  return row?.id ?? null;
}

/**
 * Links a member to their customer. The unique index on (tenant, user, mode) is the last line of
 * defence against a second customer: an existing link wins and is never overwritten.
 */
export async function insertMemberCustomer(db: Db, input: Key & { stripeCustomerId: string }) {
  await db.insert(memberStripeCustomers).values(input).onConflictDoNothing();
}

export async function listMemberStripeCustomers(db: Db, { tenantId, mode }: { tenantId: string; mode: StripeMode }) {
  return db
    .select({ userId: memberStripeCustomers.userId, stripeCustomerId: memberStripeCustomers.stripeCustomerId })
    .from(memberStripeCustomers)
    .where(and(eq(memberStripeCustomers.tenantId, tenantId), eq(memberStripeCustomers.mode, mode)));
}
