import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { getSubscribablePrice, insertMemberSubscription, listMemberPlanSubscriptions } from "@/db/queries/member-subscriptions";
import { DomainError } from "@/lib/errors/domain-error";
import { singleFlight } from "@/lib/concurrency/single-flight";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { ensureMemberCustomer } from "@/lib/payments/ensure-member-customer";
import { stripeFor } from "@/lib/stripe-connection/resolve";
import { createIncompleteSubscription, retrieveSubscription, type PortalSubscription } from "@/lib/stripe/subscriptions";
import { holdsPlan } from "./statuses";
import { assertTenantTakesPayments } from "@/lib/platform/tenant-status";
import { resolvePromotion } from "@/lib/promotions/resolve-promotion";
import { automaticTaxFor } from "@/lib/tax/tax-quote";

export type StartedSubscription = PortalSubscription & { publishableKey: string; stripeAccount?: string; mode: "test" | "live"; reused: boolean };

/** Stripe expires an unpaid default_incomplete subscription after 23 hours. */
const INCOMPLETE_LIFETIME_MS = 23 * 60 * 60 * 1000;

/**
 * Starts a membership subscription for the acting member: `default_incomplete`, so the browser
 * confirms the first invoice's secret with the Payment Element and access starts only when the
 * webhook reports the subscription active. A plan with a free trial starts `trialing` at no charge;
 * the browser then saves the card with the pending SetupIntent instead. One request at a time per (member, plan), on a lease
 * (no transaction is open while Stripe answers): a live subscription to
 * the same plan is a 409; a still-payable incomplete one is returned again (double click, reload).
 */
export async function createMemberSubscription(db: Db, actor: TenantActor, input: { priceId: string; idempotencyKey?: string; promotionCode?: string | null }): Promise<StartedSubscription> {
  await assertTenantTakesPayments(db, { tenantId: actor.tenantId });
  const stripe = await stripeFor(db, { tenantId: actor.tenantId });
  const price = await getSubscribablePrice(db, { tenantId: actor.tenantId, priceId: input.priceId, mode: stripe.mode });
  if (!price) throw new DomainError("not_found", "No such plan price, or it cannot be subscribed to.", "price_id");
  if (!price.stripePriceId) throw new DomainError("conflict", "This plan is not available for online payment yet. An admin must sync it to Stripe.", "price_id");
  // The code is checked before anything is created; Stripe checks it again when it is redeemed.
  const promotion = input.promotionCode
    ? await resolvePromotion(db, stripe, { tenantId: actor.tenantId, code: input.promotionCode, amount: price.amount, currency: price.currency, recurring: true })
    : null;
  const customerId = await ensureMemberCustomer(db, stripe, actor);
  // With the tenant's Stripe Tax on, every invoice of the subscription is taxed at the member's address.
  const automaticTax = await automaticTaxFor(db, stripe, { tenantId: actor.tenantId, customerId });
  const key = { tenantId: actor.tenantId, userId: actor.userId, productId: price.productId, mode: stripe.mode };

  return singleFlight(db, `subscribe:${key.tenantId}:${key.userId}:${key.productId}:${key.mode}`, async () => {
    for (const row of await listMemberPlanSubscriptions(db, key)) {
      // A trial may still wait for its card (a reload before the card form was sent): asked below.
      const trialing = row.status === "trialing";
      if (holdsPlan(row.status) && !trialing) throw new DomainError("conflict", `You already have a subscription to ${price.productName}.`);
      if (row.status !== null && row.status !== "incomplete" && !trialing) continue;
      if (!trialing && Date.now() - row.createdAt.getTime() > INCOMPLETE_LIFETIME_MS) continue;
      // No webhook yet, or still unpaid: ask Stripe, which knows better than our projection.
      const current = await retrieveSubscription(stripe.client, row.stripeSubscriptionId);
      // Started with another code (or none): leave it to expire and start one with this code.
      const sameCode = current.promotionCodeId === (promotion?.stripePromotionCodeId ?? null);
      if (current.status === "trialing" && current.secretType === "setup" && current.clientSecret && current.priceId === price.stripePriceId && sameCode) {
        return { ...current, publishableKey: stripe.publishableKey, ...(stripe.stripeAccount ? { stripeAccount: stripe.stripeAccount } : {}), mode: stripe.mode, reused: true };
      }
      if (holdsPlan(current.status)) throw new DomainError("conflict", `You already have a subscription to ${price.productName}.`);
      if (current.status === "incomplete" && current.clientSecret && current.priceId === price.stripePriceId && sameCode) {
        return { ...current, publishableKey: stripe.publishableKey, ...(stripe.stripeAccount ? { stripeAccount: stripe.stripeAccount } : {}), mode: stripe.mode, reused: true };
      }
    }
    const attempt = input.idempotencyKey ? `${actor.tenantId}-${actor.userId}-${input.idempotencyKey}` : randomUUID();
    const sub = await createIncompleteSubscription(
      stripe.client,
      {
        customerId,
        priceId: price.stripePriceId as string,
        trialDays: price.trialDays,
        promotionCodeId: promotion?.stripePromotionCodeId ?? null,
        automaticTax,
        metadata: { memberpulse_tenant_id: actor.tenantId, memberpulse_user_id: actor.userId, memberpulse_price_id: price.priceId },
      },
      `memberpulse-subscription-${attempt}`,
    );
    await insertMemberSubscription(db, {
      tenantId: actor.tenantId,
      mode: stripe.mode,
      userId: actor.userId,
      productId: price.productId,
      catalogPriceId: price.priceId,
      stripeSubscriptionId: sub.id,
      stripeCustomerId: customerId,
    });
    return { ...sub, publishableKey: stripe.publishableKey, ...(stripe.stripeAccount ? { stripeAccount: stripe.stripeAccount } : {}), mode: stripe.mode, reused: false };
  });
}
