import { randomBytes } from "node:crypto";
import { resetEnvCache } from "@/lib/env";

const STRIPE_VARS = ["STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_ACCOUNT_ID", "STRIPE_MODE", "APP_ENCRYPTION_KEY", "APP_URL"];

/** Sets process.env for one test file (fresh encryption key, no platform Stripe keys unless given) and resets the env cache. */
export function setStripeEnv(values: Record<string, string | undefined> = {}) {
  for (const name of STRIPE_VARS) {
    delete process.env[name];
    delete process.env[`${name}_FILE`];
  }
  process.env.APP_ENCRYPTION_KEY = randomBytes(32).toString("base64");
  process.env.APP_URL = "http://portal.test";
  process.env.AUTH_SECRET ??= randomBytes(32).toString("base64");
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
}
