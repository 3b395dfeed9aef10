import "server-only";
import type { StripeMode } from "@/db/schema";
import { env, type Env } from "@/lib/env";

/** Platform-wide Stripe values from the environment (STRIPE_* or STRIPE_*_FILE), for tenants without their own. */
export type StripeEnvDefaults = {
  mode: StripeMode;
  secretKey: string | null;
  publishableKey: string | null;
  webhookSecret: string | null;
  accountId: string | null;
};

/**
 * The environment's keys belong to one mode: STRIPE_MODE when set, else the secret key's own
 * prefix, else test. They are never offered for the other mode (a test key must not serve live).
 */
export function stripeEnvDefaults(config: Env = env()): StripeEnvDefaults {
  const secretKey = config.STRIPE_SECRET_KEY ?? null;
  const inferred: StripeMode = secretKey && /^(sk|rk)_live_/.test(secretKey) ? "live" : "test";
  return {
    mode: config.STRIPE_MODE ?? inferred,
    secretKey,
    publishableKey: config.STRIPE_PUBLISHABLE_KEY ?? null,
    webhookSecret: config.STRIPE_WEBHOOK_SECRET ?? null,
    accountId: config.STRIPE_ACCOUNT_ID ?? null,
  };
}

/** The defaults that apply to `mode`, with values for the other mode blanked out. */
export function stripeEnvDefaultsFor(mode: StripeMode, config: Env = env()): StripeEnvDefaults {
  const d = stripeEnvDefaults(config);
  if (d.mode === mode) return d;
  return { mode, secretKey: null, publishableKey: null, webhookSecret: null, accountId: null };
}
