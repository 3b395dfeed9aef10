import { describe, expect, it } from "vitest";
import { priceSchema } from "@/lib/catalog/catalog-input";
import { adjustmentSchema } from "@/lib/credits/adjust-credits";
import { amountLimitMessage, MAX_STRIPE_AMOUNT } from "@/lib/money";

const price = (amount: string, currency = "usd") => priceSchema.safeParse({ amount, currency, billing: "one_time", credits: "" });

describe("amounts are bounded by Stripe's limit (eight digits in the minor unit)", () => {
  it("names the limit in the currency", () => {
    expect(MAX_STRIPE_AMOUNT).toBe(99_999_999);
    expect(amountLimitMessage("usd")).toBe("Amount must be at most $999,999.99.");
    expect(amountLimitMessage("jpy")).toBe("Amount must be at most ¥99,999,999.");
  });

  it("a catalog price (credit packages too) above the limit is a field error; the limit itself is fine", () => {
    const over = price("1000000.00");
    expect(over.success).toBe(false);
    expect(over.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["amount", "Amount must be at most $999,999.99."]]);
    expect(price("999999.99").success).toBe(true);
    expect(price("100000000", "jpy").error?.issues[0]?.message).toBe("Amount must be at most ¥99,999,999.");
  });

  it("a credit adjustment is bounded too", () => {
    const over = adjustmentSchema.safeParse({ delta: "-10000001", reason: "too much", nonce: crypto.randomUUID() });
    expect(over.error?.issues[0]?.message).toBe("At most 10,000,000 credits at a time.");
  });
});
