import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLog, connectUnroutedEvents, memberStripeCustomers, payments, stripeConnectStates, webhookEvents } from "@/db/schema";
import { listReconcilableScopes } from "@/db/queries/reconciliation";
import { getStripeSettings, upsertStripeSettings } from "@/db/queries/stripe-settings";
import { startStripeEmulator, type StripeEmulator } from "@/tools/stripe-emulator/server";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { createMemberPayment } from "@/lib/payments/create-member-payment";
import { completeConnect, disconnectConnect, startConnect } from "@/lib/stripe-connection/connect";
import { stripeFor } from "@/lib/stripe-connection/resolve";
import { saveStripeKeys } from "@/lib/stripe-connection/save-stripe-keys";
import { getStripeSettingsView } from "@/lib/stripe-connection/settings-view";
import { handleConnectWebhook } from "@/lib/webhooks/connect-ingest";
import { createTestTenant, useTestDb } from "../helpers/db";
import { createOneTimePrice, eventually } from "../helpers/payments-harness";
import { setStripeEnv } from "../helpers/stripe-env";
import { makeEvent } from "../helpers/webhooks";

let db: Db;
let emulator: StripeEmulator;
let server: Server;
let appUrl: string;
const CONNECT_SECRET = `whsec_${randomBytes(16).toString("hex")}`;
const encryptionKey = randomBytes(32).toString("base64");
let platform: { id: string; secretKey: string; publishableKey: string; connectClientId: string };

beforeAll(async () => {
  db = (await useTestDb()).db;
  emulator = await startStripeEmulator({ port: 0, webhookRetryDelaysMs: [50, 100] });
  // The app's Connect endpoint, answered by the real ingest.
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const mode = (req.url ?? "").split("/").pop() ?? "";
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const response = await handleConnectWebhook(db, new Request(`http://localhost${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) }), { mode });
    res.writeHead(response.status, Object.fromEntries(response.headers)).end(await response.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const created = await control("accounts", { mode: "test", name: "MemberPulse Platform" });
  platform = { id: created.id!, secretKey: created.secretKey!, publishableKey: created.publishableKey!, connectClientId: created.connectClientId! };
  await control(`accounts/${platform.id}/connect-endpoint`, { url: `${appUrl}/api/webhooks/stripe/connect/test`, secret: CONNECT_SECRET });
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await emulator.close().catch(() => {});
  delete process.env.STRIPE_API_BASE;
});
beforeEach(() =>
  setStripeEnv({
    STRIPE_API_BASE: emulator.url,
    STRIPE_CONNECT_BASE: emulator.url,
    APP_URL: appUrl,
    APP_ENCRYPTION_KEY: encryptionKey,
    STRIPE_MODE: "test",
    STRIPE_SECRET_KEY: platform.secretKey,
    STRIPE_PUBLISHABLE_KEY: platform.publishableKey,
    STRIPE_CONNECT_CLIENT_ID: platform.connectClientId,
    STRIPE_CONNECT_WEBHOOK_SECRET: CONNECT_SECRET,
  }),
);

async function control(path: string, body: object = {}): Promise<Record<string, string>> {
  const res = await fetch(`${emulator.url}/_emulator/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.ok).toBe(true);
  return (await res.json()) as Record<string, string>;
}

/** What the admin's browser does on the stand-in: press Connect; Stripe redirects back with code & state. */
async function authorizeOnStripe(authorizeUrl: string, decision: "connect" | "deny" = "connect", accountName = "Acme Fitness") {
  const url = new URL(authorizeUrl);
  const form = new URLSearchParams(url.searchParams);
  form.set("decision", decision);
  form.set("account_name", accountName);
  const res = await fetch(`${emulator.url}/oauth/authorize`, { method: "POST", body: form, redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" } });
  expect(res.status).toBe(302);
  const back = new URL(res.headers.get("location")!);
  return { state: back.searchParams.get("state"), code: back.searchParams.get("code"), error: back.searchParams.get("error"), redirect: back };
}

async function tenantWithActors(label: string) {
  const t = await createTestTenant(db, label);
  const admin: TenantActor = { tenantId: t.tenant.id, tenantSlug: t.tenant.slug, userId: t.admin.id, role: "ROLE_CLIENT_ADMIN" };
  const member: TenantActor = { tenantId: t.tenant.id, tenantSlug: t.tenant.slug, userId: t.member.id, role: "ROLE_MEMBER" };
  return { ...t, actors: { admin, member } };
}

async function connectedTenant(label: string, accountName = `Connected ${label}`) {
  const t = await tenantWithActors(label);
  const { url } = await startConnect(db, t.actors.admin, { mode: "test" });
  const back = await authorizeOnStripe(url, "connect", accountName);
  const outcome = await completeConnect(db, { userId: t.admin.id }, back);
  expect(outcome).toMatchObject({ ok: true, code: "connected", tenant: { slug: t.tenant.slug, mode: "test" } });
  const row = await getStripeSettings(db, { tenantId: t.tenant.id, mode: "test" });
  return { ...t, accountId: row!.connectAccountId! };
}

function platformClient(stripeAccount?: string) {
  return new Stripe(platform.secretKey, { apiVersion: "2026-10-28.endive", host: "127.0.0.1", port: new URL(emulator.url).port, protocol: "http", ...(stripeAccount ? { stripeAccount } : {}) });
}

function signedConnectDelivery(event: object, secret = CONNECT_SECRET) {
  const payload = JSON.stringify(event);
  const header = Stripe.webhooks.generateTestHeaderString({ payload, secret });
  return new Request("http://localhost/api/webhooks/stripe/connect/test", { method: "POST", headers: { "content-type": "application/json", "stripe-signature": header }, body: payload });
}

describe("Connect with Stripe: OAuth", () => {
  it("sends the admin to Stripe's page with the platform's client id, a random state and the callback", async () => {
    const t = await tenantWithActors("cx-url");
    const { url } = await startConnect(db, t.actors.admin, { mode: "test" });
    const u = new URL(url);
    expect(`${u.origin}${u.pathname}`).toBe(`${emulator.url}/oauth/authorize`);
    expect(Object.fromEntries(u.searchParams)).toMatchObject({ response_type: "code", client_id: platform.connectClientId, scope: "read_write", redirect_uri: `${appUrl}/api/stripe/connect/callback` });
    expect(u.searchParams.get("state")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Stored hashed: the row does not hold the state itself.
    const rows = await db.select().from(stripeConnectStates).where(eq(stripeConnectStates.tenantId, t.tenant.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.stateHash).not.toBe(u.searchParams.get("state"));
  });

  it("stores only the connected account id, never a secret, and audits it; the health panel shows the account", async () => {
    const t = await connectedTenant("cx-ok", "Acme Fitness");
    expect(t.accountId).toMatch(/^acct_/);
    const row = await getStripeSettings(db, { tenantId: t.tenant.id, mode: "test" });
    expect(row).toMatchObject({ connectAccountId: t.accountId, secretKeyEnc: null, secretKeyHint: null, webhookSecretEnc: null, publishableKey: null, healthStatus: "connected", accountName: "Acme Fitness", chargesEnabled: true });
    const stored = JSON.stringify(row);
    expect(stored).not.toMatch(/sk_(test|live)_|rk_(test|live)_|whsec_|rt_/);
    expect(stored).not.toContain(platform.secretKey);
    const audit = await db.select().from(auditLog).where(eq(auditLog.tenantId, t.tenant.id));
    expect(audit.map((a) => a.action)).toContain("stripe.connect_connected");
    // Hourly reconciliation covers it (it has no key of its own).
    expect(await listReconcilableScopes(db)).toContainEqual({ tenantId: t.tenant.id, mode: "test" });
    const view = await getStripeSettingsView(db, { tenantId: t.tenant.id });
    expect(view.modes.test).toMatchObject({ badge: "connected", connect: { available: true, accountId: t.accountId }, secretKey: { mask: null } });
    // Keys cannot be pasted over a Connect connection.
    const paste = await saveStripeKeys(db, t.actors.admin, { mode: "test", input: { secretKey: "sk_test_" + "x".repeat(24) } });
    expect(paste).toMatchObject({ ok: false });
  });

  it("refuses a forged state, a replayed callback, another admin's state and an expired one", async () => {
    const a = await tenantWithActors("cx-sa");
    const b = await tenantWithActors("cx-sb");

    const forged = await completeConnect(db, { userId: a.admin.id }, { state: randomBytes(32).toString("base64url"), code: "ac_forged" });
    expect(forged).toMatchObject({ ok: false, code: "refused" });
    expect(forged.tenant).toBeUndefined();

    const first = await authorizeOnStripe((await startConnect(db, a.actors.admin, { mode: "test" })).url);
    expect((await completeConnect(db, { userId: a.admin.id }, first)).ok).toBe(true);
    const replay = await completeConnect(db, { userId: a.admin.id }, first);
    expect(replay).toMatchObject({ ok: false, code: "refused" });

    // B's admin (another tenant) arrives with A's admin's state: refused, and A stays as it was.
    const stolen = await authorizeOnStripe((await startConnect(db, b.actors.admin, { mode: "test" })).url);
    expect(await completeConnect(db, { userId: a.admin.id }, stolen)).toMatchObject({ ok: false, code: "refused" });
    expect((await getStripeSettings(db, { tenantId: b.tenant.id, mode: "test" }))?.connectAccountId ?? null).toBeNull();

    // Signed out: refused too.
    const anonymous = await authorizeOnStripe((await startConnect(db, b.actors.admin, { mode: "test" })).url);
    expect(await completeConnect(db, { userId: null }, anonymous)).toMatchObject({ ok: false, code: "refused" });

    const late = await authorizeOnStripe((await startConnect(db, b.actors.admin, { mode: "test" })).url);
    await db.update(stripeConnectStates).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(stripeConnectStates.tenantId, b.tenant.id));
    expect(await completeConnect(db, { userId: b.admin.id }, late)).toMatchObject({ ok: false, code: "refused" });
    expect((await getStripeSettings(db, { tenantId: b.tenant.id, mode: "test" }))?.connectAccountId ?? null).toBeNull();

    // A member of the tenant (not an admin) cannot complete one either.
    const byMember = await authorizeOnStripe((await startConnect(db, { ...b.actors.admin, userId: b.member.id }, { mode: "test" })).url);
    expect(await completeConnect(db, { userId: b.member.id }, byMember)).toMatchObject({ ok: false, code: "refused" });
  });

  it("a cancel on Stripe's page changes nothing", async () => {
    const t = await tenantWithActors("cx-deny");
    const back = await authorizeOnStripe((await startConnect(db, t.actors.admin, { mode: "test" })).url, "deny");
    expect(back.error).toBe("access_denied");
    expect(await completeConnect(db, { userId: t.admin.id }, back)).toMatchObject({ ok: false, code: "cancelled" });
    expect(await getStripeSettings(db, { tenantId: t.tenant.id, mode: "test" })).toBeUndefined();
  });

  it("moving from pasted keys to Connect applies the account-change rule (old customer links go)", async () => {
    const t = await tenantWithActors("cx-switch");
    const own = await emulator.createAccount({ mode: "test", name: "Pasted" });
    await upsertStripeSettings(db, { tenantId: t.tenant.id, mode: "test", patch: { linkedAccountId: own.id } });
    await db.insert(memberStripeCustomers).values({ tenantId: t.tenant.id, userId: t.member.id, mode: "test", stripeCustomerId: "cus_old" });
    const back = await authorizeOnStripe((await startConnect(db, t.actors.admin, { mode: "test" })).url);
    const outcome = await completeConnect(db, { userId: t.admin.id }, back);
    expect(outcome.message).toMatch(/different account than before/);
    expect(await db.select().from(memberStripeCustomers).where(eq(memberStripeCustomers.tenantId, t.tenant.id))).toHaveLength(0);
    const audit = await db.select().from(auditLog).where(eq(auditLog.tenantId, t.tenant.id));
    expect(audit.map((a) => a.action)).toContain("stripe.account_changed");
  });
});

describe("direct charges and the Connect endpoint", () => {
  it("a member's payment is made in the connected account and its events land in that tenant only", async () => {
    const a = await connectedTenant("cx-pay-a");
    const b = await connectedTenant("cx-pay-b");
    const resolved = await stripeFor(db, { tenantId: a.tenant.id });
    expect(resolved).toMatchObject({ source: "connect", stripeAccount: a.accountId, publishableKey: platform.publishableKey });

    const price = await createOneTimePrice(db, a.tenant.id, { amount: 3900 });
    const p = await createMemberPayment(db, a.actors.member, { priceId: price.id, saveCard: false });
    // Stripe.js (and API clients: `stripe_account`) are told which account to act in.
    expect(p).toMatchObject({ publishableKey: platform.publishableKey, stripeAccount: a.accountId });
    // Made in A's connected account: not in the platform's own account, nor in B's.
    await expect(platformClient().paymentIntents.retrieve(p.stripePaymentIntentId)).rejects.toThrow(/No such payment_intent/);
    await expect(platformClient(b.accountId).paymentIntents.retrieve(p.stripePaymentIntentId)).rejects.toThrow(/No such payment_intent/);
    await platformClient(a.accountId).paymentIntents.confirm(p.stripePaymentIntentId, { payment_method: "pm_card_visa" });

    const rows = await eventually(
      () => db.select().from(payments).where(eq(payments.stripePaymentIntentId, p.stripePaymentIntentId)),
      (r) => r[0]?.status === "succeeded",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ tenantId: a.tenant.id, status: "succeeded", amountReceived: 3900 });
    const delivered = emulator.deliveries({ type: "payment_intent.succeeded" }).filter((d) => d.url.endsWith("/connect/test") && d.account === a.accountId);
    expect(delivered.length).toBeGreaterThan(0);
    const events = await db.select().from(webhookEvents).where(and(eq(webhookEvents.tenantId, a.tenant.id), eq(webhookEvents.type, "payment_intent.succeeded")));
    expect((events[0]!.payload as { account?: string }).account).toBe(a.accountId);
    expect(await db.select().from(webhookEvents).where(eq(webhookEvents.tenantId, b.tenant.id))).toHaveLength(0);
  });

  it("an event for an account no tenant owns is recorded and ignored", async () => {
    const event = { ...makeEvent("payment_intent.succeeded", { id: "pi_nobody", object: "payment_intent" }), account: "acct_1nobodyownsthis" };
    const res = await handleConnectWebhook(db, signedConnectDelivery(event), { mode: "test" });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-webhook-outcome")).toBe("ignored");
    const again = await handleConnectWebhook(db, signedConnectDelivery(event), { mode: "test" });
    expect(again.status).toBe(200);
    expect(await db.select().from(connectUnroutedEvents).where(eq(connectUnroutedEvents.eventId, event.id))).toEqual([expect.objectContaining({ accountId: "acct_1nobodyownsthis", type: "payment_intent.succeeded" })]);
    expect(await db.select().from(webhookEvents).where(eq(webhookEvents.eventId, event.id))).toHaveLength(0);
  });

  it("refuses a delivery signed with another secret and one whose livemode disagrees", async () => {
    const t = await connectedTenant("cx-sig");
    const event = { ...makeEvent("customer.created", { id: "cus_x", object: "customer" }), account: t.accountId };
    expect((await handleConnectWebhook(db, signedConnectDelivery(event, `whsec_${"0".repeat(32)}`), { mode: "test" })).status).toBe(400);
    expect((await handleConnectWebhook(db, signedConnectDelivery(event), { mode: "live" })).status).toBe(400);
    expect(await db.select().from(webhookEvents).where(eq(webhookEvents.tenantId, t.tenant.id))).toHaveLength(0);
  });

  it("account.updated updates the connection health; an older one does not overwrite a newer", async () => {
    const t = await connectedTenant("cx-upd");
    await control(`accounts/${t.accountId}/update`, { charges_enabled: false, currently_due: ["external_account", "tos_acceptance.date"] });
    const row = await eventually(
      () => getStripeSettings(db, { tenantId: t.tenant.id, mode: "test" }),
      (r) => r?.chargesEnabled === false,
    );
    expect(row?.healthMessage).toMatch(/disabled charges.*2 more details/s);
    const old = { ...makeEvent("account.updated", { id: t.accountId, object: "account", charges_enabled: true, payouts_enabled: true }, { created: Math.floor(Date.now() / 1000) - 3600 }), account: t.accountId };
    expect((await handleConnectWebhook(db, signedConnectDelivery(old), { mode: "test" })).status).toBe(200);
    expect((await getStripeSettings(db, { tenantId: t.tenant.id, mode: "test" }))?.chargesEnabled).toBe(false);
  });

  it("account.application.deauthorized (revoked in Stripe) stops charges and the health panel says why", async () => {
    const t = await connectedTenant("cx-deauth");
    await control(`accounts/${t.accountId}/deauthorize`, { platform: platform.id });
    const row = await eventually(
      () => getStripeSettings(db, { tenantId: t.tenant.id, mode: "test" }),
      (r) => r?.connectAccountId === null,
    );
    expect(row).toMatchObject({ connectAccountId: null, linkedAccountId: t.accountId });
    expect(row?.healthMessage).toMatch(/revoked this portal's access in Stripe/);
    expect((await getStripeSettingsView(db, { tenantId: t.tenant.id })).modes.test.badge).toBe("disconnected");
    const price = await createOneTimePrice(db, t.tenant.id);
    await expect(createMemberPayment(db, t.actors.member, { priceId: price.id, saveCard: false })).rejects.toThrow(/disconnected/);
    const audit = await db.select().from(auditLog).where(eq(auditLog.tenantId, t.tenant.id));
    expect(audit.map((a) => a.action)).toContain("stripe.connect_deauthorized");
  });

  it("Disconnect revokes the platform's access in Stripe, is audited, and payments stop with a clear message", async () => {
    const t = await connectedTenant("cx-disc");
    const result = await disconnectConnect(db, t.actors.admin, { mode: "test" });
    expect(result).toMatchObject({ ok: true });
    await expect(platformClient(t.accountId).customers.list()).rejects.toThrow(/does not have access to account/);
    const audit = await db.select().from(auditLog).where(eq(auditLog.tenantId, t.tenant.id));
    expect(audit.map((a) => a.action)).toContain("stripe.connect_disconnected");
    const price = await createOneTimePrice(db, t.tenant.id);
    await expect(createMemberPayment(db, t.actors.member, { priceId: price.id, saveCard: false })).rejects.toThrow("Stripe was disconnected from this portal in test mode, so it cannot take payments. An admin can connect Stripe again under Settings > Integrations > Stripe.");
    expect(await disconnectConnect(db, t.actors.admin, { mode: "test" })).toMatchObject({ ok: false });
  });
});
