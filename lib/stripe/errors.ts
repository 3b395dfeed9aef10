import Stripe from "stripe";
import { ApiError } from "@/lib/api/errors";
import type { StripeMode } from "@/db/schema";

/** The tenant has no usable Stripe keys for this mode (neither its own nor the platform's). */
export class StripeNotConfiguredError extends Error {
  constructor(
    readonly tenantId: string,
    readonly mode: StripeMode,
    message = `Stripe is not configured for ${mode} mode. An admin can connect it under Settings > Integrations > Stripe.`,
  ) {
    super(message);
    this.name = "StripeNotConfiguredError";
  }

  /** API boundary: 409 `stripe_not_configured`, safe message only. */
  toApiError(): ApiError {
    return new ApiError("stripe_not_configured", this.message);
  }
}

/** Stripe's 404 for an id it does not know (or no longer has: a deleted product). */
export function isResourceMissing(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeInvalidRequestError && error.code === "resource_missing";
}

/** Stripe refused the API key itself (revoked, rolled, or lacking a permission). */
export function isKeyRefused(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeAuthenticationError || error instanceof Stripe.errors.StripePermissionError;
}
