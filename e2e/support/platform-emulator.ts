// The Stripe emulator for playwright.platform.config.ts: like tools/stripe-emulator/main.ts, plus
// the PLATFORM's own account (MemberPulse billing its organisations) with its webhook endpoint at
// /api/webhooks/stripe/platform/test. Its keys and signing secret are written to files that the
// app reads through STRIPE_SECRET_KEY_FILE, STRIPE_PUBLISHABLE_KEY_FILE and
// STRIPE_PLATFORM_WEBHOOK_SECRET_FILE (the app starts after its build, long after these exist).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import Stripe from "stripe";
import { startStripeEmulator } from "../../tools/stripe-emulator/server";
import { APP_URL, EMULATOR_PORT, PLATFORM_KEYS_DIR } from "./e2e-env";

async function main() {
  const emulator = await startStripeEmulator({ port: EMULATOR_PORT });
  const account = await emulator.createAccount({ mode: "test", name: "MemberPulse platform (e2e)" });
  const stripe = new Stripe(account.secretKey, { apiVersion: "2026-10-28.endive", host: "127.0.0.1", port: EMULATOR_PORT, protocol: "http" });
  const endpoint = await stripe.webhookEndpoints.create({ url: `${APP_URL}/api/webhooks/stripe/platform/test`, enabled_events: ["*"], api_version: "2026-10-28.endive" });
  mkdirSync(PLATFORM_KEYS_DIR, { recursive: true });
  writeFileSync(path.join(PLATFORM_KEYS_DIR, "secret-key"), account.secretKey);
  writeFileSync(path.join(PLATFORM_KEYS_DIR, "publishable-key"), account.publishableKey);
  writeFileSync(path.join(PLATFORM_KEYS_DIR, "webhook-secret"), endpoint.secret!);
  console.log(`Stripe emulator with the platform account ${account.id} on ${emulator.url}`);
  const stop = () => emulator.close().then(() => process.exit(0), () => process.exit(1));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
