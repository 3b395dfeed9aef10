/**
 * Seed 002's credit rules. 1 credit = 1 cent (one minor unit of the tenant's currency; the portal
 * assumes a two-decimal currency such as USD or EUR, so "$10" is 1,000 minor units).
 */
export const REFERRAL_BONUS_CREDITS = 1_000;
/** A referred member's first purchase earns the bonuses only from this amount (minor units). */
export const REFERRAL_MIN_FIRST_PURCHASE = 1_000;

export const CREDIT_REASON_LABELS = {
  purchase: "Credit package purchase",
  referral_bonus: "Referral bonus (you joined with a code)",
  referral_reward: "Referral reward (someone joined with your code)",
  refund: "Refund of a purchase",
  referral_bonus_reversal: "Referral bonus reversed (first purchase fully refunded)",
  referral_reward_reversal: "Referral reward reversed (their first purchase was fully refunded)",
  admin_adjustment: "Adjustment by an admin",
  spend: "Spent",
  coupon: "Coupon code redeemed",
  refund_failed: "Refund failed (credits restored)",
} as const;

export function formatCredits(n: number): string {
  return new Intl.NumberFormat("en-US").format(n);
}

/** The PaymentIntent metadata key that marks a custom top-up (lib/credits/top-up.ts): the webhook grants credits = amount paid. */
export const TOP_UP_KEY = "memberpulse_top_up";
