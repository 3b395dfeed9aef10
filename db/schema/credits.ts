import { bigint, index, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { tenants } from "./tenants";

/*
 * Credits (seed 002): 1 credit = 1 cent. `credit_ledger` is append-only — nothing updates or
 * deletes an entry; a correction is a new entry. `credit_balances` is a cache of the ledger sum per
 * member, written only in the same transaction as the entry, under its own row lock (that lock is
 * what serialises concurrent spends so they can never overdraw).
 */

export const creditReasonEnum = pgEnum("credit_reason", [
  "purchase",
  "referral_bonus",
  "referral_reward",
  "refund",
  "referral_bonus_reversal",
  "referral_reward_reversal",
  "admin_adjustment",
  "spend",
  /** A credit coupon's promotion code redeemed (seed 002: "coupon redemption adds credits"). */
  "coupon",
  "refund_failed",
]);
export type CreditReason = (typeof creditReasonEnum.enumValues)[number];

export const creditLedger = pgTable(
  "credit_ledger",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    delta: bigint("delta", { mode: "number" }).notNull(),
    reason: creditReasonEnum("reason").notNull(),
    description: text("description").notNull(),
    /** Unique per tenant: `purchase:<pi>`, `refund:<re>`, `referral_bonus:<user>`, `spend:<user>:<key>`… */
    idempotencyKey: text("idempotency_key").notNull(),
    stripePaymentIntentId: text("stripe_payment_intent_id"),
    stripeRefundId: text("stripe_refund_id"),
    /** Purchases: the amount paid (minor units), so a refund can claw back its proportional share. */
    sourceAmount: bigint("source_amount", { mode: "number" }),
    /** Admin adjustments: who made it. */
    actorUserId: text("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    /** Referral entries: the other member of the referral. */
    relatedUserId: text("related_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("credit_ledger_tenant_key_uq").on(t.tenantId, t.idempotencyKey),
    index("credit_ledger_tenant_user_created_idx").on(t.tenantId, t.userId, t.createdAt, t.id),
    index("credit_ledger_tenant_pi_idx").on(t.tenantId, t.stripePaymentIntentId),
  ],
);
export type CreditLedgerEntry = typeof creditLedger.$inferSelect;

export const creditBalances = pgTable(
  "credit_balances",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    balance: bigint("balance", { mode: "number" }).notNull().default(0),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userId] })],
);

/** One code per member per tenant; a code only means something inside its own tenant. */
export const referralCodes = pgTable(
  "referral_codes",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userId] }), uniqueIndex("referral_codes_tenant_code_uq").on(t.tenantId, t.code)],
);

/**
 * pending: joined with a code, no completed purchase yet. rewarded: the first purchase was ≥ the
 * threshold and both bonuses were paid. not_qualified: the first purchase was below it (a later one
 * is not "first"). reversed: the rewarded first purchase was fully refunded, both bonuses taken back.
 * flagged: the first purchase qualified but was paid with the referrer's card or customer, or with a
 * card or customer that already earned a referral (lib/credits/referral-guard.ts); no bonus, final,
 * and `flag_reason` says why so that admins can review it.
 */
export const referralStatusEnum = pgEnum("referral_status", ["pending", "rewarded", "not_qualified", "reversed", "flagged"]);
export type ReferralStatus = (typeof referralStatusEnum.enumValues)[number];

export const referrals = pgTable(
  "referrals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    referredUserId: text("referred_user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    referrerUserId: text("referrer_user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    status: referralStatusEnum("status").notNull().default("pending"),
    firstPaymentIntentId: text("first_payment_intent_id"),
    firstPaymentAmount: bigint("first_payment_amount", { mode: "number" }),
    /** The card and Stripe customer of the first purchase: a card or customer earns one referral per tenant. */
    firstPaymentFingerprint: text("first_payment_fingerprint"),
    firstPaymentCustomerId: text("first_payment_customer_id"),
    flagReason: text("flag_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("referrals_tenant_referred_uq").on(t.tenantId, t.referredUserId),
    index("referrals_tenant_referrer_idx").on(t.tenantId, t.referrerUserId),
    index("referrals_tenant_fingerprint_idx").on(t.tenantId, t.firstPaymentFingerprint),
  ],
);
export type Referral = typeof referrals.$inferSelect;
