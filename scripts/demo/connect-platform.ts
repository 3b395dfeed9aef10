// The demo's Connect platform: a fixed emulator account whose key, client id and Connect webhook
// secret the app gets as its STRIPE_* environment, so Settings > Integrations > Stripe offers
// "Connect with Stripe" and "Create a Stripe account" to a tenant without keys (globex). Fixed
// values (demo only, never real keys) make it the same account on every start: the emulator's
// control route answers the account holding that key if it exists, and the Connect endpoint is
// kept per URL, so a restart neither duplicates them nor loses connected accounts.
type Emulator = import("../../tools/stripe-emulator/server").StripeEmulator;

export const DEMO_CONNECT_PLATFORM = {
  name: "MemberPulse Platform (emulator)",
  secretKey: "sk_test_demoConnectPlatform00000000000000",
  publishableKey: "pk_test_demoConnectPlatform00000000000000",
  clientId: "ca_demoConnectPlatform000000000000000000",
  webhookSecret: "whsec_demoConnectPlatformWebhookSecret00",
} as const;

async function control(emulator: Emulator, path: string, body: object): Promise<{ id: string }> {
  const res = await fetch(`${emulator.url}/_emulator/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`The emulator refused ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string };
}

/**
 * Makes sure the platform account and its Connect webhook endpoint exist in the emulator, and
 * returns the environment that makes the app a Connect platform against it (the variables the
 * README's Connect section lists). Tenants with their own keys (acme) are unaffected.
 */
export async function ensureDemoConnectPlatform(emulator: Emulator, appUrl: string): Promise<Record<string, string>> {
  const p = DEMO_CONNECT_PLATFORM;
  const platform = await control(emulator, "accounts", { mode: "test", name: p.name, secretKey: p.secretKey, publishableKey: p.publishableKey, connectClientId: p.clientId });
  await control(emulator, `accounts/${platform.id}/connect-endpoint`, { url: `${appUrl}/api/webhooks/stripe/connect/test`, secret: p.webhookSecret });
  emulator.save();
  return {
    STRIPE_MODE: "test",
    STRIPE_SECRET_KEY: p.secretKey,
    STRIPE_PUBLISHABLE_KEY: p.publishableKey,
    STRIPE_CONNECT_CLIENT_ID: p.clientId,
    STRIPE_CONNECT_WEBHOOK_SECRET: p.webhookSecret,
    STRIPE_CONNECT_BASE: emulator.url,
  };
}
