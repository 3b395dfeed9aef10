import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { DomainError } from "@/lib/errors/domain-error";
import { stripeFailure } from "@/lib/stripe/stripe-failure";

function caught(error: unknown): DomainError {
  try {
    stripeFailure(error, "refunds.create");
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error("stripeFailure returned");
}

describe("stripeFailure", () => {
  it("says a restricted key lacks a permission, points to Test connection, and never repeats Stripe's message (it names the key)", () => {
    const message = "The provided key 'rk_test_******************abc123' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_refund_write' permission would allow this request to continue.";
    const error = caught(new Stripe.errors.StripePermissionError({ type: "invalid_request_error", message }));
    expect(error.code).toBe("stripe_not_configured");
    expect(error.message).toMatch(/restricted Stripe key lacks a permission.*Test connection/);
    expect(error.message).not.toContain("rk_test_");
  });

  it("keeps the rolled-key message for authentication errors", () => {
    const error = caught(new Stripe.errors.StripeAuthenticationError({ type: "invalid_request_error", message: "Invalid API Key provided: sk_test_****abcd" }));
    expect(error.message).toBe("Stripe refused this tenant's API key. An admin must check Settings > Integrations > Stripe.");
  });
});
