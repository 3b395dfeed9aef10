import "server-only";
import type { Db } from "@/db/client";
import { getSubscribablePrice } from "@/db/queries/member-subscriptions";
import { DomainError } from "@/lib/errors/domain-error";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { stripeFor } from "@/lib/stripe-connection/resolve";
import { loadCheckoutTax } from "@/lib/tax/checkout-tax";
import { resolvePromotion, type AppliedPromotion } from "./resolve-promotion";

/**
 * "Apply" on the subscribe page: the discount a code gives on this plan, before anything is created,
 * and, with the tenant's Stripe Tax on, the tax on the discounted amount (null when tax is off or the
 * member has no address yet). `total` stays the discounted amount before tax.
 */
export async function previewPlanPromotion(db: Db, actor: TenantActor, { priceId, code }: { priceId: string; code: string }): Promise<AppliedPromotion & { currency: string; tax: number | null }> {
  const stripe = await stripeFor(db, { tenantId: actor.tenantId });
  const price = await getSubscribablePrice(db, { tenantId: actor.tenantId, priceId, mode: stripe.mode });
  if (!price) throw new DomainError("not_found", "No such plan price.", "priceId");
  const applied = await resolvePromotion(db, stripe, { tenantId: actor.tenantId, code, amount: price.amount, currency: price.currency, recurring: true });
  const tax = await loadCheckoutTax(db, { tenantId: actor.tenantId, userId: actor.userId, amount: applied.total, currency: price.currency, reference: price.priceId });
  return { ...applied, currency: price.currency, tax: tax.kind === "quoted" ? tax.tax : null };
}
