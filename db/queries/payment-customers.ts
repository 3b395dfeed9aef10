import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { memberStripeCustomers, paymentMethods, type StripeMode } from "../schema";

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

/** The unique index on (tenant, user, mode) is the last line of defence against a second customer. */
export async function insertMemberCustomer(db: Db, input: Key & { stripeCustomerId: string }) {
  await db.insert(memberStripeCustomers).values(input).onConflictDoNothing();
}

/** The member's saved cards (payment_method webhooks keep this current). */
export async function listSavedCards(db: Db, { tenantId, mode, stripeCustomerId }: { tenantId: string; mode: StripeMode; stripeCustomerId: string }) {
  return db
    .select({
      id: paymentMethods.stripePaymentMethodId,
      brand: paymentMethods.cardBrand,
      last4: paymentMethods.cardLast4,
      expMonth: paymentMethods.cardExpMonth,
      expYear: paymentMethods.cardExpYear,
    })
    .from(paymentMethods)
    .where(
      and(
        eq(paymentMethods.tenantId, tenantId),
        eq(paymentMethods.mode, mode),
        eq(paymentMethods.stripeCustomerId, stripeCustomerId),
        eq(paymentMethods.detached, false),
        eq(paymentMethods.type, "card"),
      ),
    )
    .orderBy(paymentMethods.createdAt);
}
