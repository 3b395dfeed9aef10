import "server-only";
import type { Db } from "@/db/client";
import { getSubscribablePrice } from "@/db/queries/member-subscriptions";
import { DomainError } from "@/lib/errors/domain-error";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { stripeFor } from "@/lib/stripe-connection/resolve";
import { resolvePromotion, type AppliedPromotion } from "./resolve-promotion";

/** "Apply" on the subscribe page: the discount a code gives on this plan, before anything is created. */
export async function previewPlanPromotion(db: Db, actor: TenantActor, { priceId, code }: { priceId: string; code: string }): Promise<AppliedPromotion & { currency: string }> {
  const stripe = await stripeFor(db, { tenantId: actor.tenantId });
  const price = await getSubscribablePrice(db, { tenantId: actor.tenantId, priceId, mode: stripe.mode });
  if (!price) throw new DomainError("not_found", "No such plan price.", "priceId");
  const applied = await resolvePromotion(db, stripe, { tenantId: actor.tenantId, code, amount: price.amount, currency: price.currency, recurring: true });
  return { ...applied, currency: price.currency };
}
