// The platform side of the demo: MemberPulse's own Stripe account (the STRIPE_* keys) is an emulator
// account too, with its webhook endpoint at /api/webhooks/stripe/platform/test. On the first start
// the operator's plans exist — Starter (14-day trial) and Club — and acme is on Club, globex on a
// Starter trial, both subscribed through the same embedded Checkout an admin uses. The events the
// checkout produced are applied here (the app is not running yet); the emulator's own deliveries
// reach the app later and are recorded once as duplicates.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import Stripe from "stripe";
import type { StripeEmulator } from "../../tools/stripe-emulator/server";

type PlatformKeys = { secretKey: string; publishableKey: string; webhookSecret: string };

const PLANS = [
  { name: "Starter", amount: 1900, currency: "usd", trialDays: 14 },
  { name: "Club", amount: 4900, currency: "usd", trialDays: null },
] as const;
const SUBSCRIBED = [
  { slug: "acme", admin: "admin@acme.test", plan: "Club" },
  { slug: "globex", admin: "admin@globex.test", plan: "Starter" },
] as const;

const sdk = (emulator: StripeEmulator, secretKey: string) =>
  new Stripe(secretKey, { apiVersion: "2026-10-28.endive", host: "127.0.0.1", port: Number(new URL(emulator.url).port), protocol: "http" });

/**
 * The platform account's keys, kept in the data folder beside the emulator's state so a restart
 * finds the same account; set as the app's STRIPE_* environment (this process and `next start`).
 */
export async function platformAccountForDemo(emulator: StripeEmulator, { dataDir, appUrl }: { dataDir: string; appUrl: string }): Promise<PlatformKeys> {
  const file = path.join(dataDir, "demo-platform-keys.json");
  let keys: PlatformKeys | undefined = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as PlatformKeys) : undefined;
  if (!keys || !emulator.core.store.findByKey(keys.secretKey)) {
    const account = await emulator.createAccount({ mode: "test", name: "MemberPulse platform (demo)" });
    const endpoint = await sdk(emulator, account.secretKey).webhookEndpoints.create({
      url: `${appUrl}/api/webhooks/stripe/platform/test`,
      enabled_events: ["*"],
      api_version: "2026-10-28.endive",
    });
    keys = { secretKey: account.secretKey, publishableKey: account.publishableKey, webhookSecret: endpoint.secret! };
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(keys, null, 2));
    console.log(`  ✓ the platform's own Stripe account is emulator account ${account.id}`);
  }
  Object.assign(process.env, { STRIPE_SECRET_KEY: keys.secretKey, STRIPE_PUBLISHABLE_KEY: keys.publishableKey, STRIPE_PLATFORM_WEBHOOK_SECRET: keys.webhookSecret });
  const { resetEnvCache } = await import("../../lib/env");
  resetEnvCache();
  return keys;
}

/** Plans and the two demo tenants' platform subscriptions; each step is skipped when already done. */
export async function seedDemoPlatform(emulator: StripeEmulator, keys: PlatformKeys, db: import("../../db/client").Db): Promise<void> {
  const { listPlatformPlans, currentPlatformSubscription } = await import("../../db/queries/platform-billing");
  const { createPlatformPlan } = await import("../../lib/platform-billing/plans");
  const { createPlatformCheckout } = await import("../../lib/platform-billing/portal-billing");
  const { processPlatformEvent } = await import("../../lib/platform-billing/webhooks/process");
  const { getTenantBySlug } = await import("../../db/queries/tenants");
  const { getUserByEmail } = await import("../../db/queries/users");
  const stripe = sdk(emulator, keys.secretKey);

  const existing = await listPlatformPlans(db);
  const plans = new Map(existing.map((p) => [p.name, p]));
  for (const plan of PLANS) {
    if (plans.has(plan.name)) continue;
    const { plan: row, sync } = await createPlatformPlan(db, { userId: null }, { ...plan });
    if (!sync.ok) throw new Error(`Syncing the demo plan ${plan.name} failed: ${sync.error}`);
    plans.set(plan.name, row);
    console.log(`  ✓ platform plan ${plan.name} synced to the platform account`);
  }

  const since = Math.floor(Date.now() / 1000) - 1;
  let subscribed = 0;
  for (const t of SUBSCRIBED) {
    const [tenant, admin] = await Promise.all([getTenantBySlug(db, { slug: t.slug }), getUserByEmail(db, { email: t.admin })]);
    const plan = plans.get(t.plan);
    if (!tenant || !admin || !plan) continue;
    if (await currentPlatformSubscription(db, { tenantId: tenant.id })) continue;
    const actor = { tenantId: tenant.id, tenantSlug: tenant.slug, userId: admin.id, role: "ROLE_CLIENT_ADMIN" as const };
    const session = await createPlatformCheckout(db, actor, { planId: plan.id });
    // What the embedded Checkout does when the admin pays with 4242 (the emulator's page stand-in).
    const res = await fetch(`${emulator.url}/v1/checkout/sessions/${session.id}/_complete`, {
      method: "POST",
      headers: { authorization: `Bearer ${keys.publishableKey}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ payment_method: "pm_card_visa", client_secret: session.clientSecret }).toString(),
    });
    if (!res.ok) throw new Error(`The demo checkout for ${t.slug} failed: ${await res.text()}`);
    subscribed++;
  }
  if (subscribed === 0) return;
  // Oldest first, as Stripe would deliver them; the engine is order-proof anyway.
  const events = (await stripe.events.list({ limit: 100, created: { gte: since } })).data.reverse();
  for (const event of events) {
    await processPlatformEvent(db, "test", event, JSON.stringify(event), { fetchLatest: (_kind, id) => stripe.subscriptions.retrieve(id) });
  }
  console.log(`  ✓ ${subscribed} demo tenant(s) subscribed on the platform account (acme on Club, globex on a Starter trial)`);
}
