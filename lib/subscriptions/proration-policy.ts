import type { ProrationPolicy } from "@/db/schema";

type PlanPrice = { amount: number; interval: "month" | "year" | null };

const monthly = (p: PlanPrice) => (p.interval === "year" ? p.amount / 12 : p.amount);

/**
 * The `proration_behavior` a plan change is sent with under the tenant's policy. A change of
 * interval (monthly ↔ yearly) always resets the billing period and Stripe invoices it at once, so
 * it is always prorated and charged now whatever the policy; otherwise `none` means the new price
 * applies from the next renewal, with nothing charged or credited now.
 */
export function prorationBehaviorFor(policy: ProrationPolicy, from: PlanPrice, to: PlanPrice): "always_invoice" | "none" {
  if (from.interval !== to.interval) return "always_invoice";
  if (policy === "always_invoice") return "always_invoice";
  if (policy === "none") return "none";
  return monthly(to) > monthly(from) ? "always_invoice" : "none";
}

export const PRORATION_POLICY_LABELS: Record<ProrationPolicy, { label: string; hint: string }> = {
  always_invoice: { label: "Prorate every change now", hint: "Upgrades are charged and downgrades credited at once, for the rest of the period." },
  downgrades_at_period_end: { label: "Charge upgrades now, downgrades at period end", hint: "Upgrades are prorated and charged at once; a cheaper plan's price starts at the next renewal, with no credit." },
  none: { label: "No proration", hint: "Nothing is charged or credited on a change; the new price starts at the next renewal." },
};
