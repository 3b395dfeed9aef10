import { sql } from "drizzle-orm";
import type Stripe from "stripe";
import { followStripePromotionCodeActive } from "@/db/queries/promotions";
import { stripePromotionStates } from "@/db/schema";
import { defineHandler, idOf, toDate, type ProjectionContext, type RowScope } from "../context";
import { ORDERING } from "../ordering";
import { project, type ProjectionSpec, type WrittenWatermark } from "../projection";

type PromotionObject = Stripe.Coupon | Stripe.DeletedCoupon | Stripe.PromotionCode;
/** `deleted`: the event was coupon.deleted (its object is the coupon as it was, without `deleted`). */
type PromotionSnapshot = { object: PromotionObject; deleted: boolean };

function stateOf({ object, deleted }: PromotionSnapshot): string {
  if (object.object === "promotion_code") return object.active ? "active" : "inactive";
  if (deleted || "deleted" in object) return "deleted";
  return object.valid ? "valid" : "invalid";
}

function fieldsOf(object: Stripe.Coupon | Stripe.PromotionCode) {
  if (object.object === "coupon") {
    return { stripeCouponId: object.id, expiresAt: toDate(object.redeem_by), maxRedemptions: object.max_redemptions, timesRedeemed: object.times_redeemed };
  }
  return { stripeCouponId: idOf(object.promotion.coupon) ?? "", expiresAt: toDate(object.expires_at), maxRedemptions: object.max_redemptions, timesRedeemed: object.times_redeemed };
}

function rowValues(scope: RowScope, s: PromotionSnapshot, wm: WrittenWatermark) {
  const live = "deleted" in s.object ? null : s.object;
  return {
    tenantId: scope.tenantId,
    mode: scope.mode,
    objectKind: s.object.object,
    stripeId: s.object.id,
    // A retrieved deleted coupon carries no fields: keep what we had (its coupon id is itself).
    ...(live ? fieldsOf(live) : { stripeCouponId: s.object.id }),
    state: stateOf(s),
    ...wm,
    updatedAt: new Date(),
  };
}

const PROMOTION: ProjectionSpec<PromotionSnapshot> = {
  table: stripePromotionStates,
  key: ["tenantId", "mode", "stripeId"],
  rule: ORDERING.promotions,
  existingStatus: sql`${stripePromotionStates.state}`,
  statusOf: stateOf,
  idOf: (s) => s.object.id,
  values: rowValues,
  isStub: (s) => "deleted" in s.object,
  fetch: async (latest, s) => {
    const object = s.object.object === "promotion_code" ? await latest("promotion_code", s.object.id) : await latest("coupon", s.object.id);
    return { object, deleted: "deleted" in object };
  },
};

/** The promotion code this event's projection applied (its snapshot or a tie's retrieved copy), or null when it was older. */
function appliedPromotionCode(ctx: ProjectionContext, id: string): Stripe.PromotionCode | null {
  const applied = ctx.applied.get(`stripe_promotion_states:${id}`);
  if (!applied || applied.result === "skipped") return null;
  const { object } = applied.object as PromotionSnapshot;
  return object.object === "promotion_code" ? object : null;
}

/**
 * Coupons and promotion codes changed in the tenant's Stripe (the Dashboard, the API): Stripe's
 * state is projected under the ordering rules for the coupons page and the promotion check. A code
 * switched off (or on) in Stripe switches the portal's code with it — only when this event was the
 * newest the projection has seen — so the portal stops accepting it and the admin sees why.
 */
export const promotionHandler = defineHandler({
  name: "promotion",
  types: ["coupon.updated", "coupon.deleted", "promotion_code.updated"],
  plan: (scope, event) => ({ projections: [project(PROMOTION, scope, { object: event.data.object, deleted: event.type === "coupon.deleted" })] }),
  decide: async (ctx, event) => {
    if (event.type !== "promotion_code.updated") return null;
    const promo = appliedPromotionCode(ctx, event.data.object.id);
    if (!promo) return null;
    const changed = await followStripePromotionCodeActive(ctx.tx, { tenantId: ctx.tenantId, mode: ctx.mode, stripeId: promo.id, active: promo.active });
    return changed ? { status: "processed", note: `portal code ${changed.code.toUpperCase()} ${promo.active ? "reactivated" : "deactivated"} as in Stripe` } : null;
  },
  // Only a promotion code's update has a decision; coupons take the one-statement path.
  fastWhen: (_scope, event) => event.type !== "promotion_code.updated",
});
