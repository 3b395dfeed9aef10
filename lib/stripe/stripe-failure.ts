import "server-only";
import Stripe from "stripe";
import { DomainError } from "@/lib/errors/domain-error";
import { logger } from "@/lib/log";

/**
 * Turns an error thrown by the Stripe SDK into an DomainError whose message is safe to show: Stripe's
 * own message for requests it refused (they describe the problem, never a secret), a plain
 * "unreachable" for network trouble. Anything else is rethrown for the generic 500.
 */
export function stripeFailure(error: unknown, context: string): never {
  if (error instanceof Stripe.errors.StripeConnectionError) {
    logger.warn("stripe.unreachable", { context, message: error.message });
    throw new DomainError("unavailable", "Stripe could not be reached. Nothing was charged; try again in a moment.");
  }
  if (error instanceof Stripe.errors.StripePermissionError) {
    // Stripe's message names the key (masked) and the permission; neither is logged or shown.
    logger.warn("stripe.permission_refused", { context });
    throw new DomainError(
      "stripe_not_configured",
      "This tenant's restricted Stripe key lacks a permission this needs. An admin can run “Test connection” in Settings > Integrations > Stripe to see which.",
    );
  }
  if (error instanceof Stripe.errors.StripeAuthenticationError) {
    logger.warn("stripe.key_refused", { context, code: error.code });
    throw new DomainError("stripe_not_configured", "Stripe refused this tenant's API key. An admin must check Settings > Integrations > Stripe.");
  }
  if (error instanceof Stripe.errors.StripeError) {
    logger.warn("stripe.request_failed", { context, type: error.type, code: error.code, requestId: error.requestId });
    throw new DomainError("stripe_error", error.message || "Stripe could not complete the request.");
  }
  throw error;
}
