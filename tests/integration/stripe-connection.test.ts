import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLog, memberStripeCustomers, stripeSettings } from "@/db/schema";
import { findMemberCustomerId } from "@/db/queries/member-stripe-customers";
import { getStripeSettings } from "@/db/queries/stripe-settings";
import { startStripeEmulator } from "@/tools/stripe-emulator/server";
import { STRIPE_API_VERSION } from "@/lib/stripe/client";
import { createWebhookEndpoint } from "@/lib/stripe-connection/create-webhook-endpoint";
import { stripeFor, resolveWebhookSecret } from "@/lib/stripe-connection/resolve";
import { saveStripeKeys } from "@/lib/stripe-connection/save-stripe-keys";
import { getStripeSettingsView } from "@/lib/stripe-connection/settings-view";
import { switchStripeMode } from "@/lib/stripe-connection/switch-stripe-mode";
import { testStripeConnection } from "@/lib/stripe-connection/test-stripe-connection";
import { stripeWebhookUrl } from "@/lib/stripe-connection/webhook-url";
import { HANDLED_EVENT_TYPES } from "@/lib/webhooks/handled-events";
import { createTestTenant, useTestDb } from "../helpers/db";
import { setStripeEnv, emulatorForFile } from "../helpers/stripe-env";

let db: Db;
const stripeEmulator = emulatorForFile();

beforeAll(async () => {
  db = (await useTestDb()).db;
});

async function connectedTenant(mode: "test" | "live" = "test") {
  const t = await createTestTenant(db, "conn");
  const account = await stripeEmulator().createAccount({ mode, name: "Acme Fitness" });
  const actor = { tenantId: t.tenant.id, userId: t.admin.id };
  const saved = await saveStripeKeys(db, actor, { mode, input: { publishableKey: account.publishableKey, secretKey: account.secretKey } });
  expect(saved.ok).toBe(true);
  return { ...t, account, actor };
}

async function control(path: string, body: object = {}) {
  const res = await fetch(`${stripeEmulator().url}/_emulator/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.ok).toBe(true);
}

async function restrictedKeyTenant() {
  const t = await createTestTenant(db, "conn");
  const account = await stripeEmulator().createAccount({ mode: "test", name: "Acme Restricted" });
  const actor = { tenantId: t.tenant.id, userId: t.admin.id };
  const restrictedKey = account.restrictedKey ?? "";
  await saveStripeKeys(db, actor, { mode: "test", input: { publishableKey: account.publishableKey, secretKey: restrictedKey } });
  return { ...t, account, actor, restrictedKey };
}

describe("test connection", () => {
  it("shows Connected with the account's id, name, charges and payouts", async () => {
    const { tenant, account, actor } = await connectedTenant();
    const result = await testStripeConnection(db, actor, { mode: "test" });
    expect(result).toMatchObject({ ok: true, message: "Connected to Acme Fitness." });
    const row = await getStripeSettings(db, { tenantId: tenant.id, mode: "test" });
    expect(row).toMatchObject({ healthStatus: "connected", accountId: account.id, accountName: "Acme Fitness", chargesEnabled: true, payoutsEnabled: true });
    expect(row?.healthCheckedAt).toBeInstanceOf(Date);
    const audit = await db.select().from(auditLog).where(eq(auditLog.tenantId, tenant.id));
    expect(audit.map((a) => a.action)).toContain("stripe.connection_tested");
    expect(JSON.stringify(audit)).not.toContain(account.secretKey.slice(8));
  });

  it("says Invalid key, with what to do, once the key is revoked", async () => {
    const { tenant, account, actor } = await connectedTenant();
    await control(`accounts/${account.id}/revoke-keys`);
    const result = await testStripeConnection(db, actor, { mode: "test" });
    expect(result.error).toBe("Stripe rejected the secret key: it may have been rolled. Paste the current key from Dashboard > Developers > API keys.");
    expect(JSON.stringify(result)).not.toContain(account.secretKey.slice(8));
    const row = await getStripeSettings(db, { tenantId: tenant.id, mode: "test" });
    expect(row).toMatchObject({ healthStatus: "invalid_key", accountId: null });
  });

  it("says Invalid key for a restricted key without account access", async () => {
    const t = await createTestTenant(db, "conn");
    const account = await stripeEmulator().createAccount({ mode: "test" });
    const actor = { tenantId: t.tenant.id, userId: t.admin.id };
    await saveStripeKeys(db, actor, { mode: "test", input: { publishableKey: account.publishableKey, secretKey: account.restrictedKey } });
    await control(`accounts/${account.id}/restrict`);
    const result = await testStripeConnection(db, actor, { mode: "test" });
    expect(result.error).toMatch(/restricted key lacks permission/);
    expect((await getStripeSettings(db, { tenantId: t.tenant.id, mode: "test" }))?.healthStatus).toBe("invalid_key");
  });

  it("probes a restricted key's permissions and names exactly the missing ones", async () => {
    const { tenant, account, actor, restrictedKey } = await restrictedKeyTenant();
    // Read-only invoices, no refunds at all, no customer portal; everything else the portal needs is there.
    await control(`accounts/${account.id}/restrict`, { permissions: { invoice: "read", refund: "none", billing_portal: "none", event: "none", charge: "none" } });
    const emulated = stripeEmulator().core.store.accounts.get(account.id)!;
    const result = await testStripeConnection(db, actor, { mode: "test" });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/lacks 3 of the permissions/);
    const view = (await getStripeSettingsView(db, { tenantId: tenant.id })).modes.test;
    expect(view.badge).toBe("connected");
    expect(view.missingPermissions).toEqual(["Missing permission: Refunds (write)", "Missing permission: Invoices (write)", "Missing permission: Customer portal (write)"]);
    expect(view.healthMessage).toMatch(/^Connected to Acme Restricted\. The restricted key lacks 3 permissions/);
    // The probes changed nothing: no object, no event.
    expect([emulated.customers.size, emulated.events.size, emulated.refunds.size]).toEqual([0, 0, 0]);
    const stored = JSON.stringify(await getStripeSettings(db, { tenantId: tenant.id, mode: "test" }));
    expect(stored).not.toContain(restrictedKey.slice(8));
    expect(JSON.stringify(result)).not.toContain(restrictedKey.slice(8));
  });

  it("reports nothing missing for a restricted key with every permission the portal needs", async () => {
    const { tenant, actor } = await restrictedKeyTenant();
    const result = await testStripeConnection(db, actor, { mode: "test" });
    expect(result).toMatchObject({ ok: true, message: "Connected to Acme Restricted." });
    expect((await getStripeSettingsView(db, { tenantId: tenant.id })).modes.test.missingPermissions).toEqual([]);
  });

  it("names the dispute permissions (Disputes, Files) when the key lacks them", async () => {
    const { tenant, account, actor } = await restrictedKeyTenant();
    await control(`accounts/${account.id}/restrict`, { permissions: { dispute: "read", file: "none" } });
    await testStripeConnection(db, actor, { mode: "test" });
    expect((await getStripeSettingsView(db, { tenantId: tenant.id })).modes.test.missingPermissions).toEqual(["Missing permission: Disputes (write)", "Missing permission: Files (write)"]);
  });

  it("asks for the level the portal needs when the key cannot even read, and clears the list once the key is fixed", async () => {
    const { tenant, account, actor } = await restrictedKeyTenant();
    await control(`accounts/${account.id}/restrict`, { permissions: { webhook_endpoint: "none", plan: "read" } });
    await testStripeConnection(db, actor, { mode: "test" });
    expect((await getStripeSettingsView(db, { tenantId: tenant.id })).modes.test.missingPermissions).toEqual(["Missing permission: Prices (write)", "Missing permission: Webhook Endpoints (write)"]);
    await control(`accounts/${account.id}/restrict`, { permissions: { webhook_endpoint: "write", plan: "write" } });
    expect(await testStripeConnection(db, actor, { mode: "test" })).toMatchObject({ ok: true });
    expect((await getStripeSettingsView(db, { tenantId: tenant.id })).modes.test.missingPermissions).toEqual([]);
  });

  it("says Stripe unreachable when nothing answers, and keeps the last known account", async () => {
    const { tenant, actor } = await connectedTenant();
    await testStripeConnection(db, actor, { mode: "test" });
    const down = await startStripeEmulator({ port: 0 });
    const deadUrl = down.url;
    await down.close();
    setStripeEnv({ STRIPE_API_BASE: deadUrl, APP_ENCRYPTION_KEY: process.env.APP_ENCRYPTION_KEY });
    const result = await testStripeConnection(db, actor, { mode: "test" });
    expect(result.error).toMatch(/Could not reach Stripe/);
    const row = await getStripeSettings(db, { tenantId: tenant.id, mode: "test" });
    expect(row).toMatchObject({ healthStatus: "unreachable", accountName: "Acme Fitness" });
    // Back up: the retry connects again.
    setStripeEnv({ STRIPE_API_BASE: stripeEmulator().url, APP_ENCRYPTION_KEY: process.env.APP_ENCRYPTION_KEY });
    expect((await testStripeConnection(db, actor, { mode: "test" })).ok).toBe(true);
  });

  it("unlocks live mode only after live keys pass the test", async () => {
    const { actor } = await connectedTenant("live");
    expect((await switchStripeMode(db, actor, { mode: "live" })).ok).toBe(false);
    expect((await testStripeConnection(db, actor, { mode: "live" })).ok).toBe(true);
    expect((await switchStripeMode(db, actor, { mode: "live" })).ok).toBe(true);
    expect((await stripeFor(db, { tenantId: actor.tenantId })).mode).toBe("live");
  });
});

describe("create webhook endpoint", () => {
  it("registers the tenant's URL with the handled events and pinned version, storing the secret encrypted", async () => {
    const { tenant, account, actor } = await connectedTenant();
    const result = await createWebhookEndpoint(db, actor, { mode: "test" });
    expect(result.ok).toBe(true);
    const row = (await db.select().from(stripeSettings).where(eq(stripeSettings.tenantId, tenant.id)))[0]!;
    expect(row.webhookEndpointId).toMatch(/^we_/);
    expect(row.webhookEndpointUrl).toBe(`http://portal.test/api/webhooks/stripe/${tenant.id}/test`);

    const stripe = (await stripeFor(db, { tenantId: tenant.id, mode: "test" })).client;
    const endpoint = await stripe.webhookEndpoints.retrieve(row.webhookEndpointId!);
    expect(endpoint.url).toBe(stripeWebhookUrl({ tenantId: tenant.id, mode: "test" }));
    expect(endpoint.api_version).toBe(STRIPE_API_VERSION);
    expect([...endpoint.enabled_events].sort()).toEqual([...HANDLED_EVENT_TYPES].sort());

    const secret = await resolveWebhookSecret(db, { tenantId: tenant.id, mode: "test" });
    expect(secret).toMatch(/^whsec_/);
    expect(JSON.stringify(row)).not.toContain(secret!.slice(6));
    expect(JSON.stringify(result)).not.toContain(secret!.slice(6));
    expect(row.webhookSecretHint).toBe(`whsec_…${secret!.slice(-4)}`);
    expect(account.id).toMatch(/^acct_/);
  });

  it("offers to replace an existing endpoint for the URL instead of duplicating it", async () => {
    const { tenant, actor } = await connectedTenant();
    const first = await createWebhookEndpoint(db, actor, { mode: "test" });
    expect(first.ok).toBe(true);
    const firstSecret = await resolveWebhookSecret(db, { tenantId: tenant.id, mode: "test" });
    const firstId = (await getStripeSettings(db, { tenantId: tenant.id, mode: "test" }))?.webhookEndpointId;

    const again = await createWebhookEndpoint(db, actor, { mode: "test" });
    expect(again).toMatchObject({ ok: false, existingEndpointId: firstId });

    const replaced = await createWebhookEndpoint(db, actor, { mode: "test", replace: true });
    expect(replaced.ok).toBe(true);
    const row = await getStripeSettings(db, { tenantId: tenant.id, mode: "test" });
    expect(row?.webhookEndpointId).not.toBe(firstId);
    expect(await resolveWebhookSecret(db, { tenantId: tenant.id, mode: "test" })).not.toBe(firstSecret);

    const stripe = (await stripeFor(db, { tenantId: tenant.id, mode: "test" })).client;
    const all = await stripe.webhookEndpoints.list({ limit: 100 });
    expect(all.data.filter((e) => e.url === row?.webhookEndpointUrl).map((e) => e.id)).toEqual([row?.webhookEndpointId]);
    const actions = (await db.select().from(auditLog).where(eq(auditLog.tenantId, tenant.id))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["stripe.webhook_endpoint_created", "stripe.webhook_endpoint_replaced"]));
  });
});

describe("an endpoint created by an older portal", () => {
  it("is updated to send the event types the portal now handles, keeping its signing secret", async () => {
    const { tenant, actor } = await connectedTenant();
    expect((await createWebhookEndpoint(db, actor, { mode: "test" })).ok).toBe(true);
    const row = await getStripeSettings(db, { tenantId: tenant.id, mode: "test" });
    const secret = await resolveWebhookSecret(db, { tenantId: tenant.id, mode: "test" });
    const stripe = (await stripeFor(db, { tenantId: tenant.id, mode: "test" })).client;
    // As an endpoint registered before invoice_payment.paid was handled.
    const older = HANDLED_EVENT_TYPES.filter((t) => t !== "invoice_payment.paid");
    await stripe.webhookEndpoints.update(row!.webhookEndpointId!, { enabled_events: older });

    const result = await createWebhookEndpoint(db, actor, { mode: "test" });
    expect(result).toMatchObject({ ok: true, message: expect.stringContaining("invoice_payment.paid") });
    const endpoint = await stripe.webhookEndpoints.retrieve(row!.webhookEndpointId!);
    expect([...endpoint.enabled_events].sort()).toEqual([...HANDLED_EVENT_TYPES].sort());
    expect((await getStripeSettings(db, { tenantId: tenant.id, mode: "test" }))?.webhookEndpointId).toBe(row!.webhookEndpointId);
    expect(await resolveWebhookSecret(db, { tenantId: tenant.id, mode: "test" })).toBe(secret);
    const actions = (await db.select().from(auditLog).where(eq(auditLog.tenantId, tenant.id))).map((a) => a.action);
    expect(actions).toContain("stripe.webhook_endpoint_updated");

    // Up to date now: asking again offers to replace, as before.
    expect(await createWebhookEndpoint(db, actor, { mode: "test" })).toMatchObject({ ok: false, existingEndpointId: row!.webhookEndpointId });
  });
});

describe("moving a tenant to another Stripe account", () => {
  it("forgets the old account's customer links and catalog mappings, and says what to do", async () => {
    const { tenant, member, actor } = await connectedTenant();
    expect((await testStripeConnection(db, actor, { mode: "test" })).ok).toBe(true);
    await db.insert(memberStripeCustomers).values({ tenantId: tenant.id, userId: member.id, mode: "test", stripeCustomerId: "cus_old_account" });

    const again = await testStripeConnection(db, actor, { mode: "test" });
    expect(again).toMatchObject({ ok: true, message: "Connected to Acme Fitness." });
    expect(await findMemberCustomerId(db, { tenantId: tenant.id, userId: member.id, mode: "test" })).toBe("cus_old_account");

    const other = await stripeEmulator().createAccount({ mode: "test", name: "New Co" });
    await saveStripeKeys(db, actor, { mode: "test", input: { publishableKey: other.publishableKey, secretKey: other.secretKey } });
    const moved = await testStripeConnection(db, actor, { mode: "test" });
    expect(moved).toMatchObject({ ok: true, message: expect.stringMatching(/different Stripe account.*Sync all/) });
    expect(await findMemberCustomerId(db, { tenantId: tenant.id, userId: member.id, mode: "test" })).toBeNull();
    const audit = await db.select().from(auditLog).where(eq(auditLog.tenantId, tenant.id));
    expect(audit.map((a) => a.action)).toContain("stripe.account_changed");
  });
});
