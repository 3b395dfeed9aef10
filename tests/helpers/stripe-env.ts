import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { startStripeEmulator, type StripeEmulator } from "@/tools/stripe-emulator/server";
import { resetEnvCache } from "@/lib/env";

const STRIPE_VARS = ["STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_PLATFORM_WEBHOOK_SECRET", "STRIPE_ACCOUNT_ID", "STRIPE_MODE", "STRIPE_CONNECT_CLIENT_ID", "STRIPE_CONNECT_WEBHOOK_SECRET", "STRIPE_CONNECT_BASE", "APP_ENCRYPTION_KEY", "APP_URL"];

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

/**
 * Starts a Stripe emulator for the test file and points the app at it before each test (with a
 * fresh encryption key and no platform keys). Returns a getter: the emulator exists once beforeAll ran.
 */
export function emulatorForFile(): () => StripeEmulator {
  let emulator: StripeEmulator | undefined;
  beforeAll(async () => {
    emulator = await startStripeEmulator({ port: 0 });
  });
  afterAll(async () => {
    await emulator?.close().catch(() => {});
    delete process.env.STRIPE_API_BASE;
  });
  beforeEach(() => setStripeEnv({ STRIPE_API_BASE: emulator!.url }));
  return () => {
    if (!emulator) throw new Error("the emulator starts in beforeAll");
    return emulator;
  };
}
