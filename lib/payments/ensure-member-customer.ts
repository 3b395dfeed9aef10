import type { Db } from "@/db/client";
import type { StripeMode } from "@/db/schema";
import { findMemberCustomerId, insertMemberCustomer } from "@/db/queries/member-stripe-customers";
import { getUserById } from "@/db/queries/users";
import { singleFlight } from "@/lib/concurrency/single-flight";
import { createCustomer } from "@/lib/stripe/customers";
import type { ResolvedStripe } from "@/lib/stripe-connection/resolve";

/**
 * The member's Stripe customer in this mode, created once. Concurrent first payments take turns on
 * a lease (no transaction is open while Stripe answers); the Stripe idempotency key covers a crash
 * between Stripe's answer and our insert.
 */
export async function ensureMemberCustomer(db: Db, stripe: ResolvedStripe, { tenantId, userId }: { tenantId: string; userId: string }): Promise<string> {
  const key = { tenantId, userId, mode: stripe.mode as StripeMode };
  const existing = await findMemberCustomerId(db, key);
  if (existing) return existing;
  return singleFlight(db, `customer:${tenantId}:${userId}:${key.mode}`, async () => {
    const again = await findMemberCustomerId(db, key);
    if (again) return again;
    const user = await getUserById(db, { userId });
    if (!user) throw new Error("acting user vanished");
    const customer = await createCustomer(
      stripe.client,
      { email: user.email, name: user.name ?? null, metadata: { memberpulse_tenant_id: tenantId, memberpulse_user_id: userId } },
      `memberpulse-customer-${tenantId}-${userId}-${key.mode}`,
    );
    await insertMemberCustomer(db, { ...key, stripeCustomerId: customer.id });
    return customer.id;
  });
}
