import path from "node:path";
import { defineConfig } from "@playwright/test";
import base from "./playwright.config";
import { PLATFORM_KEYS_DIR } from "./e2e/support/e2e-env";

/*
 * Platform billing end to end (`npm run test:e2e:platform`): the main suite's servers, but the app
 * also holds the PLATFORM's Stripe keys (STRIPE_SECRET_KEY etc., here an emulator account created
 * by e2e/support/platform-emulator.ts). The main suite runs without them on purpose: with platform
 * keys set, every organisation without its own keys would fall back to them, which its specs
 * (no keys → "Not configured") rule out.
 */
type Server = { command: string; env?: Record<string, string> } & Record<string, unknown>;
const [emulator, mail, app] = base.webServer as Server[];
const key = (name: string) => path.join(PLATFORM_KEYS_DIR, name);
// The main suite's server runs as a Connect platform with literal keys; this one holds the platform
// billing account's keys from files instead, and no Connect (so key-less tenants fall back to them).
const CONNECT_ONLY = ["STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_CONNECT_CLIENT_ID", "STRIPE_CONNECT_WEBHOOK_SECRET", "STRIPE_CONNECT_BASE"];
const appEnv = Object.fromEntries(Object.entries(app!.env ?? {}).filter(([name]) => !CONNECT_ONLY.includes(name)));

export default defineConfig({
  ...base,
  testMatch: "**/platform-billing.spec.ts",
  testIgnore: [],
  webServer: [
    { ...emulator!, command: "node_modules/.bin/tsx e2e/support/platform-emulator.ts" },
    mail!,
    {
      ...app!,
      // Playwright may start the servers together: wait (up to 30 s) for the keys to be written.
      command: `for i in $(seq 1 150); do [ -s ${key("webhook-secret")} ] && break; sleep 0.2; done; ${app!.command}`,
      env: {
        ...appEnv,
        STRIPE_SECRET_KEY_FILE: key("secret-key"),
        STRIPE_PUBLISHABLE_KEY_FILE: key("publishable-key"),
        STRIPE_PLATFORM_WEBHOOK_SECRET_FILE: key("webhook-secret"),
      },
    },
  ],
});
