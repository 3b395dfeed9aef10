// The demo's Connect platform is the platform's own emulator account (scripts/demo/seed-platform.ts),
// as in production, where the operator's one Stripe account both bills the organisations and is
// their Connect platform. This registers its Connect webhook endpoint with the emulator and returns
// the Connect environment for the app process, so Settings > Integrations > Stripe offers
// "Connect with Stripe" and "Create a Stripe account" to a tenant without keys (globex). The
// endpoint is kept per URL, so a restart neither duplicates it nor loses connected accounts.
type Emulator = import("../../tools/stripe-emulator/server").StripeEmulator;

/** Demo only (the emulator's Connect deliveries are signed with it); never a real secret. */
const DEMO_CONNECT_WEBHOOK_SECRET = "whsec_demoConnectPlatformWebhookSecret00";

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
export async function ensureDemoConnectPlatform(emulator: Emulator, appUrl: string, platform: { secretKey: string; publishableKey: string }): Promise<Record<string, string>> {
  // The control route answers the account that holds this key (it exists: seed-platform made it).
  const account = await control<{ id: string; connectClientId: string | null }>(emulator, "accounts", { mode: "test", secretKey: platform.secretKey, publishableKey: platform.publishableKey });
  if (!account.connectClientId) throw new Error("The demo platform account has no Connect client id in the emulator.");
  await control(emulator, `accounts/${account.id}/connect-endpoint`, { url: `${appUrl}/api/webhooks/stripe/connect/test`, secret: DEMO_CONNECT_WEBHOOK_SECRET });
  emulator.save();
  return {
    STRIPE_MODE: "test",
    STRIPE_CONNECT_CLIENT_ID: account.connectClientId,
    STRIPE_CONNECT_WEBHOOK_SECRET: DEMO_CONNECT_WEBHOOK_SECRET,
    STRIPE_CONNECT_BASE: emulator.url,
  };
}
