import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { projectionColumns } from "./projection-columns";
import { tenants } from "./tenants";

/*
 * Coupons and the promotion codes members type (seed 001 catalog, issue 19). The portal is the
 * source of truth; discount coupons and their codes are created in the tenant's Stripe account per
 * mode (the Stripe ids live on the rows, one column per mode). A `credits` coupon is the portal's
 * own (seed 002: "coupon redemption adds credits"): redeeming its code grants credits, never a
 * discount, so it never reaches Stripe.
 */

export const couponKindEnum = pgEnum("coupon_kind", ["percent_off", "amount_off", "credits"]);
export type CouponKind = (typeof couponKindEnum.enumValues)[number];
export const couponDurationEnum = pgEnum("coupon_duration", ["once", "repeating", "forever"]);
export type CouponDuration = (typeof couponDurationEnum.enumValues)[number];

export const coupons = pgTable(
  "coupons",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    kind: couponKindEnum("kind").notNull(),
    /** percent_off: 1–100. */
    percentOff: integer("percent_off"),
    /** amount_off: minor units of `currency`. */
    amountOff: bigint("amount_off", { mode: "number" }),
    currency: text("currency"),
    /** credits: granted once per member who redeems a code (1 credit = 1 cent). */
    credits: integer("credits"),
    duration: couponDurationEnum("duration").notNull().default("once"),
    durationInMonths: integer("duration_in_months"),
    maxRedemptions: integer("max_redemptions"),
    redeemBy: timestamp("redeem_by", { withTimezone: true }),
    stripeTestId: text("stripe_test_id"),
    stripeLiveId: text("stripe_live_id"),
    syncError: text("sync_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("coupons_tenant_idx").on(t.tenantId, t.createdAt),
    check("coupons_value_ck", sql`(${t.kind} = 'percent_off' and ${t.percentOff} between 1 and 100) or (${t.kind} = 'amount_off' and ${t.amountOff} > 0 and ${t.currency} is not null) or (${t.kind} = 'credits' and ${t.credits} > 0)`),
  ],
);
export type Coupon = typeof coupons.$inferSelect;

export const promotionCodes = pgTable(
  "promotion_codes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    couponId: uuid("coupon_id").notNull().references(() => coupons.id, { onDelete: "cascade" }),
    /** As the admin typed it; matched case-insensitively (Stripe does too). */
    code: text("code").notNull(),
    maxRedemptions: integer("max_redemptions"),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    active: boolean("active").notNull().default(true),
    stripeTestId: text("stripe_test_id"),
    stripeLiveId: text("stripe_live_id"),
    syncError: text("sync_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("promotion_codes_tenant_code_uq").on(t.tenantId, sql`upper(${t.code})`), index("promotion_codes_coupon_idx").on(t.tenantId, t.couponId)],
);
export type PromotionCode = typeof promotionCodes.$inferSelect;

/** Credit-coupon redemptions: one per (code, member); the count is the code's redemptions. */
export const couponRedemptions = pgTable(
  "coupon_redemptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    promotionCodeId: uuid("promotion_code_id").notNull().references(() => promotionCodes.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    credits: integer("credits").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("coupon_redemptions_code_user_uq").on(t.promotionCodeId, t.userId), index("coupon_redemptions_tenant_idx").on(t.tenantId, t.promotionCodeId)],
);

/**
 * What the tenant's Stripe says about its coupons and promotion codes, projected from
 * `coupon.updated` / `coupon.deleted` / `promotion_code.updated` under lib/webhooks/ordering.ts
 * (an older event never overwrites a newer one). The portal's rows above stay the source of truth for
 * what admins configure; this is Stripe's side: a code switched off in the Dashboard, a deleted
 * coupon, how many times Stripe counted a code redeemed. Only the webhook engine writes it.
 */
export const stripePromotionStates = pgTable(
  "stripe_promotion_states",
  {
    ...projectionColumns(),
    objectKind: text("object_kind").$type<"coupon" | "promotion_code">().notNull(),
    stripeId: text("stripe_id").notNull(),
    /** A promotion code's coupon; a coupon's own id. */
    stripeCouponId: text("stripe_coupon_id").notNull(),
    /** Promotion code: active | inactive. Coupon: valid | invalid | deleted (terminal). */
    state: text("state").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    maxRedemptions: integer("max_redemptions"),
    timesRedeemed: integer("times_redeemed").notNull().default(0),
  },
  (t) => [uniqueIndex("stripe_promotion_states_uq").on(t.tenantId, t.mode, t.stripeId)],
);
export type StripePromotionState = typeof stripePromotionStates.$inferSelect;
