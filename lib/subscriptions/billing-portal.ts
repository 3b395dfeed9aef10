import type { Db } from "@/db/client";
import { findMemberCustomerId } from "@/db/queries/member-stripe-customers";
import { DomainError } from "@/lib/errors/domain-error";
import { env } from "@/lib/env";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { stripeFor } from "@/lib/stripe-connection/resolve";
import { createPortalSession } from "@/lib/stripe/billing-portal";

/**
 * Stripe's customer portal for the acting member's own customer (seed 003). The return URL is
 * always the portal's membership page: never taken from the caller, so it cannot be an open redirect.
 */
export async function memberPortalSession(db: Db, actor: TenantActor): Promise<{ url: string }> {
  const stripe = await stripeFor(db, { tenantId: actor.tenantId });
  const customerId = await findMemberCustomerId(db, { tenantId: actor.tenantId, userId: actor.userId, mode: stripe.mode });
  if (!customerId) throw new DomainError("conflict", "You have no billing account yet: subscribe or pay for something first.");
  const returnUrl = new URL(`/${actor.tenantSlug}/billing/subscription`, env().APP_URL).toString();
  const session = await createPortalSession(stripe.client, { customerId, returnUrl });
  return { url: session.url };
}
