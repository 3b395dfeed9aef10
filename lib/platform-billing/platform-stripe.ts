import "server-only";
import type Stripe from "stripe";
import type { StripeMode } from "@/db/schema";
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors/domain-error";
import { stripeClientFor } from "@/lib/stripe/client";
import { stripeEnvDefaults } from "@/lib/stripe/env-defaults";

export type PlatformStripe = { client: Stripe; mode: StripeMode; publishableKey: string | null; webhookSecret: string | null };

/**
 * The platform's own Stripe account: the STRIPE_* environment keys (never a tenant's settings),
 * and STRIPE_PLATFORM_WEBHOOK_SECRET for its webhook endpoint. Null when no secret key is set.
 */
export function platformStripeOrNull(): PlatformStripe | null {
  const d = stripeEnvDefaults();
  if (!d.secretKey) return null;
  return { client: stripeClientFor(d.secretKey), mode: d.mode, publishableKey: d.publishableKey, webhookSecret: env().STRIPE_PLATFORM_WEBHOOK_SECRET ?? null };
}

export function platformStripe(): PlatformStripe {
  const s = platformStripeOrNull();
  if (!s) throw new DomainError("stripe_not_configured", "Platform billing is not set up: the operator must set STRIPE_SECRET_KEY (see the README's configuration table).");
  return s;
}
