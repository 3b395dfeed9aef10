import { and, eq } from "drizzle-orm";
import type { Db } from "../client";
import { memberStripeCustomers, type StripeMode } from "../schema";

/** Links a member to their Stripe customer in one mode (payments create the customer and call this). */
export async function linkMemberStripeCustomer(db: Db, input: { tenantId: string; userId: string; mode: StripeMode; stripeCustomerId: string }) {
  await db
    .insert(memberStripeCustomers)
    .values(input)
    .onConflictDoUpdate({
      target: [memberStripeCustomers.tenantId, memberStripeCustomers.userId, memberStripeCustomers.mode],
      set: { stripeCustomerId: input.stripeCustomerId },
    });
}

export async function getMemberStripeCustomer(db: Db, { tenantId, userId, mode }: { tenantId: string; userId: string; mode: StripeMode }) {
  const [row] = await db
    .select({ stripeCustomerId: memberStripeCustomers.stripeCustomerId })
    .from(memberStripeCustomers)
    .where(and(eq(memberStripeCustomers.tenantId, tenantId), eq(memberStripeCustomers.userId, userId), eq(memberStripeCustomers.mode, mode)))
    .limit(1);
  return row?.stripeCustomerId ?? null;
}

export async function listMemberStripeCustomers(db: Db, { tenantId, mode }: { tenantId: string; mode: StripeMode }) {
  return db
    .select({ userId: memberStripeCustomers.userId, stripeCustomerId: memberStripeCustomers.stripeCustomerId })
    .from(memberStripeCustomers)
    .where(and(eq(memberStripeCustomers.tenantId, tenantId), eq(memberStripeCustomers.mode, mode)));
}
