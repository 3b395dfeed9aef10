import type { Db } from "@/db/client";
import type { StripeMode } from "@/db/schema";
import { resolveStripe, type ResolvedStripe } from "@/lib/stripe/resolve";

/** resolveStripe for API-facing services: a tenant without keys is a 409 `stripe_not_configured`. */
export async function stripeForTenant(db: Db, scope: { tenantId: string; mode?: StripeMode }): Promise<ResolvedStripe> {
  return resolveStripe(db, scope);
}
