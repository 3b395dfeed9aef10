import type Stripe from "stripe";

/** How many of an interval make a month (a year is twelve months; a week 12/52 of one). */
const PER_MONTH: Record<Stripe.Price.Recurring.Interval, number> = { day: 365 / 12, week: 52 / 12, month: 1, year: 1 / 12 };

/**
 * A subscription's monthly recurring amount in minor units: every item's price × quantity, scaled
 * to one month (a $590 yearly plan is 4917 cents a month; a $10 price every 3 months is 333).
 * Discounts, taxes and metered usage are not counted. Rounded once, for the whole subscription.
 */
export function monthlyAmountOf(items: readonly Pick<Stripe.SubscriptionItem, "price" | "quantity">[]): number {
  let total = 0;
  for (const item of items) {
    const recurring = item.price.recurring;
    const perMonth = recurring ? PER_MONTH[recurring.interval] : undefined;
    if (!recurring || perMonth === undefined) continue;
    total += ((item.price.unit_amount ?? 0) * (item.quantity ?? 1) * perMonth) / (recurring.interval_count || 1);
  }
  return Math.round(total);
}
