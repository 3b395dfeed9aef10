import { describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { monthlyAmountOf } from "@/lib/reports/monthly-amount";

const item = (unit_amount: number | null, interval: Stripe.Price.Recurring.Interval | null, interval_count = 1, quantity = 1) =>
  ({ quantity, price: { unit_amount, recurring: interval ? { interval, interval_count } : null } }) as unknown as Pick<Stripe.SubscriptionItem, "price" | "quantity">;

describe("monthlyAmountOf", () => {
  it.each([
    ["a monthly price", [item(2900, "month")], 2900],
    ["a yearly price counts a twelfth, rounded once", [item(59000, "year")], 4917],
    ["every 3 months", [item(1000, "month", 3)], 333],
    ["weekly: 52 weeks over 12 months", [item(1200, "week")], 5200],
    ["quantity multiplies", [item(1000, "month", 1, 3)], 3000],
    ["items add up before rounding", [item(100, "year"), item(100, "year")], 17],
    ["one-time and amount-less prices count nothing", [item(5000, null), item(null, "month")], 0],
  ])("%s", (_name, items, expected) => {
    expect(monthlyAmountOf(items)).toBe(expected);
  });
});
