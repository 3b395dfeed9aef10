// The demo's Connect platform is the platform's own emulator account (scripts/demo/seed-platform.ts),
// as in production, where the operator's one Stripe account both bills the organisations and is
// their Connect platform. This registers its Connect webhook endpoint with the emulator and returns
// the Connect environment for the app process, so Settings > Integrations > Stripe offers
// "Connect with Stripe" and "Create a Stripe account" to a tenant without keys (globex). The
// endpoint is kept per URL, so a restart neither duplicates it nor loses connected accounts.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

type Emulator = import("../../tools/stripe-emulator/server").StripeEmulator;

/**
 * The signing secret of the emulator's Connect deliveries: made once per demo data folder and kept
 * there beside the platform's keys (a secret in the source would be one every clone shares).
 */
function connectWebhookSecret(dataDir: string): string {
  const file = path.join(dataDir, "demo-connect-webhook-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = `whsec_${randomBytes(24).toString("base64url")}`;
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

async function control<T>(emulator: Emulator, path: string, body: object): Promise<T> {
  const res = await fetch(`${emulator.url}/_emulator/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`The emulator refused ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * Makes sure the platform account's Connect webhook endpoint exists and returns the environment that
 * makes the app a Connect platform of it (the variables the README's Connect section lists; the
 * platform's STRIPE_SECRET_KEY / STRIPE_PUBLISHABLE_KEY are already set). Tenants with their own
 * keys (acme) are unaffected.
 */
export async function ensureDemoConnectPlatform(emulator: Emulator, { appUrl, dataDir }: { appUrl: string; dataDir: string }, platform: { secretKey: string; publishableKey: string }): Promise<Record<string, string>> {
  const webhookSecret = connectWebhookSecret(dataDir);
  // The control route answers the account that holds this key (it exists: seed-platform made it).
  const account = await control<{ id: string; connectClientId: string | null }>(emulator, "accounts", { mode: "test", secretKey: platform.secretKey, publishableKey: platform.publishableKey });
  if (!account.connectClientId) throw new Error("The demo platform account has no Connect client id in the emulator.");
  await control(emulator, `accounts/${account.id}/connect-endpoint`, { url: `${appUrl}/api/webhooks/stripe/connect/test`, secret: webhookSecret });
  emulator.save();
  return {
    STRIPE_MODE: "test",
    STRIPE_CONNECT_CLIENT_ID: account.connectClientId,
    STRIPE_CONNECT_WEBHOOK_SECRET: webhookSecret,
    STRIPE_CONNECT_BASE: emulator.url,
  };
}
