import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../client";
import { memberStripeCustomers, type StripeMode } from "../schema";

/**
 * The one module for member ↔ Stripe customer links (payments, subscriptions, catalog access).
 * A link is written once and never replaced: payments, saved cards and subscriptions already
 * hang off that customer in Stripe.
 */
type Key = { tenantId: string; userId: string; mode: StripeMode };

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
export async function insertMemberCustomer(db: Db, input: Key & { stripeCustomerId: string }): Promise<boolean> {
  const rows = await db.insert(memberStripeCustomers).values(input).onConflictDoNothing().returning({ userId: memberStripeCustomers.userId });
  return rows.length === 1;
}

export async function listMemberStripeCustomers(db: Db, { tenantId, mode, userIds }: { tenantId: string; mode: StripeMode; userIds?: readonly string[] }) {
  return db
    .select({ userId: memberStripeCustomers.userId, stripeCustomerId: memberStripeCustomers.stripeCustomerId })
    .from(memberStripeCustomers)
    .where(and(eq(memberStripeCustomers.tenantId, tenantId), eq(memberStripeCustomers.mode, mode), userIds ? inArray(memberStripeCustomers.userId, [...userIds]) : undefined));
}
