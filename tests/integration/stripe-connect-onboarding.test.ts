import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLog, connectUnroutedEvents, stripeConnectOnboardings, stripeConnectStates } from "@/db/schema";
import { getStripeSettings } from "@/db/queries/stripe-settings";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { onlinePaymentsStatus } from "@/lib/payments/online-payments";
import { completeConnect, disconnectConnect, startConnect } from "@/lib/stripe-connection/connect";
import { cancelOnboarding, completeOnboardingStep, startOnboarding } from "@/lib/stripe-connection/connect-onboarding";
import { stripeFor, StripeNotConfiguredError } from "@/lib/stripe-connection/resolve";
import { getStripeSettingsView } from "@/lib/stripe-connection/settings-view";
import { handleConnectWebhook } from "@/lib/webhooks/connect-ingest";
import { startStripeEmulator, type StripeEmulator } from "@/tools/stripe-emulator/server";
import { createTestTenant, useTestDb } from "../helpers/db";
import { eventually } from "../helpers/payments-harness";
import { setStripeEnv } from "../helpers/stripe-env";

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

async function tenantWithActors(label: string) {
  const t = await createTestTenant(db, label);
  const admin: TenantActor = { tenantId: t.tenant.id, tenantSlug: t.tenant.slug, userId: t.admin.id, role: "ROLE_CLIENT_ADMIN" };
  return { ...t, admin: t.admin, actors: { admin } };
}

function platformClient() {
  return new Stripe(platform.secretKey, { apiVersion: "2026-10-28.endive", host: "127.0.0.1", port: new URL(emulator.url).port, protocol: "http" });
}

/**
 * What the admin's browser does with an Account Link: opens Stripe's form, presses Complete or
 * Leave, and Stripe sends it to return_url. Returns where it was sent, with the state it carries.
 */
async function onStripeForm(linkUrl: string, decision: "complete" | "leave") {
  const page = await fetch(linkUrl, { redirect: "manual" });
  expect(page.status).toBe(200);
  const res = await fetch(linkUrl, { method: "POST", body: new URLSearchParams({ decision }), redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" } });
  expect(res.status).toBe(302);
  return stepOf(res.headers.get("location")!);
}

/** The portal URL Stripe sends the browser to: /api/stripe/connect/onboarding/{slug}/{step}?state=… */
function stepOf(location: string) {
  const url = new URL(location);
  const [, slug, step] = /\/api\/stripe\/connect\/onboarding\/([^/]+)\/(return|refresh)$/.exec(url.pathname) ?? [];
  return { slug: slug!, step: step as "return" | "refresh", state: url.searchParams.get("state") };
}

async function connectedAccountOf(tenantId: string) {
  return (await getStripeSettings(db, { tenantId, mode: "test" }))?.connectAccountId ?? null;
}

async function onboardingOf(tenantId: string) {
  const [row] = await db.select().from(stripeConnectOnboardings).where(and(eq(stripeConnectOnboardings.tenantId, tenantId), eq(stripeConnectOnboardings.mode, "test")));
  return row;
}

describe("Connect Onboarding: a tenant without a Stripe account", () => {
  it("creates a v1 account with controller properties, stores its id, and sends the admin to Stripe's form; nothing is connected yet", async () => {
    const t = await tenantWithActors("ob-create");
    const { url } = await startOnboarding(db, t.actors.admin, { mode: "test" });
    expect(url).toMatch(new RegExp(`^${emulator.url}/setup/s/[A-Za-z0-9]+$`));

    const row = await onboardingOf(t.tenant.id);
    expect(row).toMatchObject({ accountId: expect.stringMatching(/^acct_/), startedBy: t.admin.id, detailsSubmitted: false, chargesEnabled: false });
    const account = await platformClient().accounts.retrieve(row!.accountId);
    expect(account.controller).toMatchObject({ type: "application", stripe_dashboard: { type: "full" }, losses: { payments: "stripe" }, fees: { payer: "account" }, requirement_collection: "stripe" });
    expect(account.business_profile?.name).toBe(t.tenant.name);
    expect(account.details_submitted).toBe(false);
    // Standard-like footing from `controller` alone (the emulator refuses the deprecated `type`).
    expect(account.type).toBe("standard");

    // Not connected: no payments, the page says "Setting up", the states are stored hashed with their purpose.
    expect(await connectedAccountOf(t.tenant.id)).toBeNull();
    await expect(stripeFor(db, { tenantId: t.tenant.id, mode: "test" })).rejects.toBeInstanceOf(StripeNotConfiguredError);
    expect(await onlinePaymentsStatus(db, { tenantId: t.tenant.id })).toBe("not_set_up");
    const view = await getStripeSettingsView(db, { tenantId: t.tenant.id });
    expect(view.modes.test).toMatchObject({ badge: "setting_up", connect: { accountId: null, onboarding: { accountId: row!.accountId, detailsSubmitted: false } } });
    const states = await db.select().from(stripeConnectStates).where(eq(stripeConnectStates.tenantId, t.tenant.id));
    expect(states.map((s) => s.purpose).sort()).toEqual(["onboarding_refresh", "onboarding_return"]);
    expect((await db.select().from(auditLog).where(eq(auditLog.tenantId, t.tenant.id))).map((a) => a.action)).toContain("stripe.connect_onboarding_started");

    // "Continue setup" reuses the same account (no second account in Stripe).
    await startOnboarding(db, t.actors.admin, { mode: "test" });
    expect((await onboardingOf(t.tenant.id))?.accountId).toBe(row!.accountId);
  });

  it("returning without completing Stripe's form does not connect: the return page asks Stripe and records the progress", async () => {
    const t = await tenantWithActors("ob-leave");
    const { url } = await startOnboarding(db, t.actors.admin, { mode: "test" });
    const back = await onStripeForm(url, "leave");
    expect(back).toMatchObject({ slug: t.tenant.slug, step: "return" });
    const outcome = await completeOnboardingStep(db, { userId: t.admin.id }, back);
    expect(outcome).toEqual({ kind: "back_to_settings", slug: t.tenant.slug, mode: "test", notice: "onboarding_incomplete" });
    expect(await connectedAccountOf(t.tenant.id)).toBeNull();
    expect(await onboardingOf(t.tenant.id)).toMatchObject({ detailsSubmitted: false, checkedAt: expect.any(Date) });
    expect(await onlinePaymentsStatus(db, { tenantId: t.tenant.id })).toBe("not_set_up");
  });

  it("the return state is single-use, and using it ends its refresh sibling", async () => {
    const t = await tenantWithActors("ob-once");
    const { url } = await startOnboarding(db, t.actors.admin, { mode: "test" });
    const link = await platformLinkStates(t.tenant.id);
    const back = await onStripeForm(url, "leave");
    expect((await completeOnboardingStep(db, { userId: t.admin.id }, back)).kind).toBe("back_to_settings");
    expect(await completeOnboardingStep(db, { userId: t.admin.id }, back)).toMatchObject({ kind: "refused" });
    expect(link).toHaveLength(2);
    expect(await platformLinkStates(t.tenant.id)).toHaveLength(0);
  });

  it("refuses a state replayed at another tenant's URL, by another admin, signed out, of another purpose, or expired", async () => {
    const a = await tenantWithActors("ob-a");
    const b = await tenantWithActors("ob-b");
    const back = await onStripeForm((await startOnboarding(db, a.actors.admin, { mode: "test" })).url, "leave");
    await startOnboarding(db, b.actors.admin, { mode: "test" });

    // A's state at B's URL (by B's admin, and by A's own admin): refused, and B stays as it was.
    expect(await completeOnboardingStep(db, { userId: b.admin.id }, { ...back, slug: b.tenant.slug })).toMatchObject({ kind: "refused" });
    expect(await completeOnboardingStep(db, { userId: a.admin.id }, { ...back, slug: b.tenant.slug })).toMatchObject({ kind: "refused" });
    // B's admin at A's URL with A's state: not the admin who started it.
    expect(await completeOnboardingStep(db, { userId: b.admin.id }, back)).toMatchObject({ kind: "refused" });
    // Signed out, a forged state, the return state used as refresh.
    const fresh = await onStripeForm((await startOnboarding(db, a.actors.admin, { mode: "test" })).url, "leave");
    expect(await completeOnboardingStep(db, { userId: null }, fresh)).toMatchObject({ kind: "refused" });
    expect(await completeOnboardingStep(db, { userId: a.admin.id }, { ...fresh, state: randomBytes(32).toString("base64url") })).toMatchObject({ kind: "refused" });
    expect(await completeOnboardingStep(db, { userId: a.admin.id }, { ...fresh, step: "refresh" })).toMatchObject({ kind: "refused" });
    // A state presented at the wrong place is not burned: A's admin still completes the step with it.
    expect(await completeOnboardingStep(db, { userId: a.admin.id }, fresh)).toMatchObject({ kind: "back_to_settings", notice: "onboarding_incomplete" });

    // An OAuth state is no onboarding state, and an onboarding state no OAuth state.
    const oauth = new URL((await startConnect(db, a.actors.admin, { mode: "test" })).url).searchParams.get("state")!;
    expect(await completeOnboardingStep(db, { userId: a.admin.id }, { slug: a.tenant.slug, step: "return", state: oauth })).toMatchObject({ kind: "refused" });
    const third = await onStripeForm((await startOnboarding(db, a.actors.admin, { mode: "test" })).url, "leave");
    expect(await completeConnect(db, { userId: a.admin.id }, { state: third.state, code: "ac_x" })).toMatchObject({ ok: false, code: "refused" });

    // Expired.
    await db.update(stripeConnectStates).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(stripeConnectStates.tenantId, a.tenant.id));
    expect(await completeOnboardingStep(db, { userId: a.admin.id }, third)).toMatchObject({ kind: "refused" });
    expect(await connectedAccountOf(a.tenant.id)).toBeNull();
    expect(await connectedAccountOf(b.tenant.id)).toBeNull();
  });

  it("a used or expired link sends the browser to refresh_url, which makes a new link (and only the newest works)", async () => {
    const t = await tenantWithActors("ob-refresh");
    const { url } = await startOnboarding(db, t.actors.admin, { mode: "test" });
    expect((await fetch(url, { redirect: "manual" })).status).toBe(200);
    const second = await fetch(url, { redirect: "manual" });
    expect(second.status).toBe(302);
    const refresh = stepOf(second.headers.get("location")!);
    expect(refresh.step).toBe("refresh");
    const outcome = await completeOnboardingStep(db, { userId: t.admin.id }, refresh);
    expect(outcome.kind).toBe("redirect_to_stripe");
    const next = outcome.kind === "redirect_to_stripe" ? outcome.url : "";
    expect(next).not.toBe(url);
    expect((await fetch(next, { redirect: "manual" })).status).toBe(200);
    // The refresh state was single-use too.
    expect(await completeOnboardingStep(db, { userId: t.admin.id }, refresh)).toMatchObject({ kind: "refused" });
  });

  it("account.updated on the Connect endpoint completes the onboarding: the account becomes the tenant's connection", async () => {
    const t = await tenantWithActors("ob-webhook");
    const { url } = await startOnboarding(db, t.actors.admin, { mode: "test" });
    const accountId = (await onboardingOf(t.tenant.id))!.accountId;
    const back = await onStripeForm(url, "complete");
    // The webhook alone connects (the browser has not come back yet).
    const connected = await eventually(() => connectedAccountOf(t.tenant.id), (id) => id === accountId);
    expect(connected).toBe(accountId);
    expect(await onboardingOf(t.tenant.id)).toBeUndefined();
    const row = await getStripeSettings(db, { tenantId: t.tenant.id, mode: "test" });
    expect(row).toMatchObject({ healthStatus: "connected", chargesEnabled: true, payoutsEnabled: true, secretKeyEnc: null });
    expect((await db.select().from(auditLog).where(eq(auditLog.tenantId, t.tenant.id))).map((a) => a.action)).toContain("stripe.connect_connected");
    expect(await onlinePaymentsStatus(db, { tenantId: t.tenant.id })).toBe("ready");
    // Direct charges now act in the new account.
    const stripe = await stripeFor(db, { tenantId: t.tenant.id, mode: "test" });
    expect(stripe).toMatchObject({ source: "connect", stripeAccount: accountId });
    // The browser comes back afterwards: told it is connected.
    expect(await completeOnboardingStep(db, { userId: t.admin.id }, back)).toMatchObject({ kind: "back_to_settings", notice: "onboarding_connected" });

    // Disconnect later: members see payments paused, not "not set up".
    expect((await disconnectConnect(db, t.actors.admin, { mode: "test" })).ok).toBe(true);
    expect(await onlinePaymentsStatus(db, { tenantId: t.tenant.id })).toBe("paused");
  });

  it("the return page connects a completed account by asking Stripe, even before the webhook arrives", async () => {
    const t = await tenantWithActors("ob-return");
    const { url } = await startOnboarding(db, t.actors.admin, { mode: "test" });
    const accountId = (await onboardingOf(t.tenant.id))!.accountId;
    await control("webhooks/pause");
    try {
      const back = await onStripeForm(url, "complete");
      expect(await completeOnboardingStep(db, { userId: t.admin.id }, back)).toMatchObject({ kind: "back_to_settings", notice: "onboarding_connected" });
      expect(await connectedAccountOf(t.tenant.id)).toBe(accountId);
    } finally {
      await control("webhooks/resume");
    }
    // The late account.updated is applied to the connection's health, and changes nothing else.
    await emulator.idle();
    expect(await connectedAccountOf(t.tenant.id)).toBe(accountId);
  });

  it("Cancel setup removes a not-yet-completed account from the tenant: its links stop working and its events are no longer routed", async () => {
    const t = await tenantWithActors("ob-cancel");
    const { url } = await startOnboarding(db, t.actors.admin, { mode: "test" });
    const accountId = (await onboardingOf(t.tenant.id))!.accountId;
    expect(await cancelOnboarding(db, t.actors.admin, { mode: "test" })).toMatchObject({ ok: true });
    expect(await onboardingOf(t.tenant.id)).toBeUndefined();
    expect((await db.select().from(auditLog).where(eq(auditLog.tenantId, t.tenant.id))).map((a) => a.action)).toContain("stripe.connect_onboarding_cancelled");
    expect((await getStripeSettingsView(db, { tenantId: t.tenant.id })).modes.test).toMatchObject({ badge: "not_configured", connect: { onboarding: null } });

    // Completing the old form afterwards connects nothing: the return is refused and the event is unrouted.
    const back = await onStripeForm(url, "complete");
    expect(await completeOnboardingStep(db, { userId: t.admin.id }, back)).toMatchObject({ kind: "refused" });
    await emulator.idle();
    expect(await connectedAccountOf(t.tenant.id)).toBeNull();
    const unrouted = await db.select().from(connectUnroutedEvents).where(eq(connectUnroutedEvents.accountId, accountId));
    expect(unrouted.map((e) => e.type)).toContain("account.updated");
    // Nothing left to cancel.
    expect(await cancelOnboarding(db, t.actors.admin, { mode: "test" })).toMatchObject({ ok: false });
  });
});

async function platformLinkStates(tenantId: string) {
  return db.select().from(stripeConnectStates).where(eq(stripeConnectStates.tenantId, tenantId));
}
