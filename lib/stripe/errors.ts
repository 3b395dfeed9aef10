import "server-only";
import Stripe from "stripe";
import { DomainError } from "@/lib/errors/domain-error";
import type { StripeMode } from "@/db/schema";

/**
 * The tenant has no usable Stripe keys for this mode (neither its own nor the platform's). A domain
 * error: an API client gets 409 `stripe_not_configured`, a form gets the message.
 */
export class StripeNotConfiguredError extends DomainError {
  constructor(
    readonly tenantId: string,
    readonly mode: StripeMode,
    message = `Stripe is not configured for ${mode} mode. An admin can connect it under Settings > Integrations > Stripe.`,
  ) {
    super("stripe_not_configured", message);
    this.name = "StripeNotConfiguredError";
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

/** Stripe's 429: too many requests for this account (25/s in test mode, 100/s live). */
export function isRateLimited(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeRateLimitError;
}
