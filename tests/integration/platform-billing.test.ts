import { beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { and, eq } from "drizzle-orm";
import Stripe from "stripe";
import type { Db } from "@/db/client";
import {
  billingNotices,
  invoices,
  mailOutbox,
  memberSubscriptions,
  platformBillingStatusChanges,
  platformInvoices,
  platformSubscriptions,
  platformWebhookEvents,
  webhookEvents,
} from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/manage-api-keys";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { DomainError } from "@/lib/errors/domain-error";
import { tenantBillingStatus } from "@/lib/platform-billing/billing-status";
import { getTenantWithMembership } from "@/db/queries/tenants";
import { createPlatformPlan, editPlatformPlan } from "@/lib/platform-billing/plans";
import { createPlatformCheckout, loadPortalBillingView, platformInvoicePaymentSecret, platformPortalSession } from "@/lib/platform-billing/portal-billing";
import { assertTenantTakesPayments } from "@/lib/platform/tenant-status";
import { handleStripeWebhook } from "@/lib/webhooks/ingest";
import { laneScope } from "@/lib/webhooks/node-lane";
import { createTestTenant, useTestDb } from "../helpers/db";
import { emulatorForFile, setStripeEnv } from "../helpers/stripe-env";
import { evtId, makeEvent, newSecret, setWebhookSecret, signedRequest } from "../helpers/webhooks";

let db: Db;
const emulator = emulatorForFile();
let platform: { id: string; secretKey: string; publishableKey: string; webhookSecret: string; client: Stripe };

beforeAll(async () => {
  db = (await useTestDb()).db;
  process.env.DATABASE_URL = inject("databaseUrl");
  const account = await emulator().createAccount({ mode: "test", name: "MemberPulse platform" });
  const client = new Stripe(account.secretKey, { apiVersion: "2026-10-28.endive", host: "127.0.0.1", port: Number(new URL(emulator().url).port), protocol: "http" });
  platform = { id: account.id, secretKey: account.secretKey, publishableKey: account.publishableKey, webhookSecret: newSecret(), client };
});
// After emulatorForFile's own beforeEach: the platform account's keys are the environment's.
beforeEach(() =>
  setStripeEnv({ STRIPE_API_BASE: emulator().url, STRIPE_SECRET_KEY: platform.secretKey, STRIPE_PUBLISHABLE_KEY: platform.publishableKey, STRIPE_PLATFORM_WEBHOOK_SECRET: platform.webhookSecret }),
);

const adminOf = (t: Awaited<ReturnType<typeof createTestTenant>>): TenantActor => ({ tenantId: t.tenant.id, tenantSlug: t.tenant.slug, userId: t.admin.id, role: "ROLE_CLIENT_ADMIN" });
const memberOf = (t: Awaited<ReturnType<typeof createTestTenant>>): TenantActor => ({ tenantId: t.tenant.id, tenantSlug: t.tenant.slug, userId: t.member.id, role: "ROLE_MEMBER" });

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

/** Delivers a payload to the platform endpoint exactly as Stripe would (through the shared webhook entry). */
async function deliver(payload: string, secret = platform.webhookSecret, tenantId = "platform") {
  const res = await handleStripeWebhook(db, signedRequest({ tenantId, mode: "test" }, payload, secret), { tenantId, mode: "test" });
  return { status: res.status, outcome: res.headers.get("x-webhook-outcome") };
}
const send = (type: string, object: object, opts: { id?: string; created?: number } = {}) => deliver(JSON.stringify(makeEvent(type, object, opts)));

/** Every event the platform account emitted since `since`, oldest first (what its endpoint would get). */
async function platformEventsSince(since: number) {
  const list = await platform.client.events.list({ limit: 100, created: { gte: since } });
  return list.data.reverse();
}

async function newPlan(amount = 4900) {
  const { plan, sync } = await createPlatformPlan(db, { userId: null }, { name: `Studio ${amount}`, amount, currency: "usd", trialDays: null });
  expect(sync).toEqual({ ok: true });
  return plan;
}

/** A tenant that went through checkout: its customer and subscription exist on the platform account. */
async function subscribedTenant() {
  const t = await createTestTenant(db, "pb");
  const plan = await newPlan();
  const since = Math.floor(Date.now() / 1000) - 1;
  const session = await createPlatformCheckout(db, adminOf(t), { planId: plan.id });
  await fetch(`${emulator().url}/v1/checkout/sessions/${session.id}/_complete`, {
    method: "POST",
    headers: { authorization: `Bearer ${platform.publishableKey}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ payment_method: "pm_card_visa", client_secret: session.clientSecret }).toString(),
  }).then(async (r) => expect(r.status, await r.text()).toBe(200));
  return { t, plan, session, events: await platformEventsSince(since) };
}

describe("platform plans", () => {
  it("sync to the platform account as a product and a monthly price; a new amount is a new price and the old one is archived", async () => {
    const plan = await newPlan(2900);
    const [row] = await db.select().from(platformSubscriptions).where(eq(platformSubscriptions.planId, plan.id));
    expect(row).toBeUndefined();
    const { plans } = await loadPortalBillingView(db, adminOf(await createTestTenant(db, "pp")));
    const synced = plans.find((p) => p.id === plan.id)!;
    expect(synced).toMatchObject({ syncStatus: "synced", mode: "test" });
    const price = await platform.client.prices.retrieve(synced.stripePriceId!);
    expect(price).toMatchObject({ unit_amount: 2900, currency: "usd", recurring: expect.objectContaining({ interval: "month" }), active: true });

    expect(await editPlatformPlan(db, { userId: null }, { planId: plan.id }, { name: "Studio plus", amount: 3900, currency: "usd", trialDays: 14 })).toEqual({ ok: true });
    const after = (await loadPortalBillingView(db, adminOf(await createTestTenant(db, "pp")))).plans.find((p) => p.id === plan.id)!;
    expect(after.stripePriceId).not.toBe(synced.stripePriceId);
    expect((await platform.client.prices.retrieve(after.stripePriceId!)).unit_amount).toBe(3900);
    expect((await platform.client.prices.retrieve(synced.stripePriceId!)).active).toBe(false);
    expect((await platform.client.products.retrieve(after.stripeProductId!)).name).toBe("Studio plus");
  });
});

describe("an organisation subscribes on the platform account", () => {
  it("checkout alone changes nothing; the platform webhooks activate it, once, and touch no tenant table", async () => {
    const { t, events, session } = await subscribedTenant();
    expect(await tenantBillingStatus(db, { tenantId: t.tenant.id })).toBe("none");
    expect(events.map((e) => e.type)).toContain("checkout.session.completed");

    for (const e of events) expect(await deliver(JSON.stringify(e))).toMatchObject({ status: 200 });
    expect(await tenantBillingStatus(db, { tenantId: t.tenant.id })).toBe("active");
    const completed = events.find((e) => e.type === "checkout.session.completed")!;
    expect(await deliver(JSON.stringify(completed))).toEqual({ status: 200, outcome: "duplicate" });

    const [sub] = await db.select().from(platformSubscriptions).where(eq(platformSubscriptions.tenantId, t.tenant.id));
    expect(sub).toMatchObject({ status: "active", amount: 4900, currency: "usd" });
    expect(sub!.stripeSubscriptionId).toMatch(/^sub_/);
    const paid = await db.select().from(platformInvoices).where(eq(platformInvoices.tenantId, t.tenant.id));
    expect(paid.map((i) => [i.status, i.amountPaid, i.overdue])).toEqual([["paid", 4900, false]]);
    const history = await db.select().from(platformBillingStatusChanges).where(eq(platformBillingStatusChanges.tenantId, t.tenant.id));
    // Stripe creates the subscription incomplete and activates it once the first invoice is paid.
    expect(history.map((h) => h.status)).toEqual(["incomplete", "active"]);
    expect((await db.select().from(platformWebhookEvents).where(eq(platformWebhookEvents.eventId, completed.id)))[0]).toMatchObject({ status: "processed", tenantId: t.tenant.id });

    // Nothing of the tenant's own Stripe world was written by the platform stream.
    for (const table of [webhookEvents, memberSubscriptions, invoices, billingNotices]) {
      expect(await db.select().from(table).where(eq(table.tenantId, t.tenant.id)), "tenant table").toEqual([]);
    }
    const view = await loadPortalBillingView(db, adminOf(t));
    expect(view).toMatchObject({ status: "active", subscription: { amount: 4900 }, canChangePlan: true });
    expect(view.nextInvoice?.amount).toBe(4900);
    expect(await codeOf(createPlatformCheckout(db, adminOf(t), { planId: view.plans[0]!.id }))).toBe("conflict");
    expect((await platformPortalSession(db, adminOf(t))).url).toMatch(/^http/);
    expect(session.id).toMatch(/^cs_test_/);
  });

  it("delivered in reverse order, and each twice, the events end in the same state", async () => {
    const { t, events } = await subscribedTenant();
    for (const e of [...events].reverse()) {
      expect((await deliver(JSON.stringify(e))).status).toBe(200);
      expect(await deliver(JSON.stringify(e))).toEqual({ status: 200, outcome: "duplicate" });
    }
    expect(await tenantBillingStatus(db, { tenantId: t.tenant.id })).toBe("active");
    const rows = await db.select().from(platformInvoices).where(eq(platformInvoices.tenantId, t.tenant.id));
    expect(rows.map((i) => [i.status, i.overdue])).toEqual([["paid", false]]);
  });

  it("only the organisation's admins reach its platform billing, and another organisation's invoice is a 404", async () => {
    const { t, events } = await subscribedTenant();
    for (const e of events) await deliver(JSON.stringify(e));
    const [invoice] = await db.select().from(platformInvoices).where(eq(platformInvoices.tenantId, t.tenant.id));
    const other = await createTestTenant(db, "pbo");
    const plan = (await loadPortalBillingView(db, adminOf(t))).plans[0]!;
    expect(await codeOf(createPlatformCheckout(db, memberOf(t), { planId: plan.id }))).toBe("forbidden");
    expect(await codeOf(loadPortalBillingView(db, memberOf(t)))).toBe("forbidden");
    expect(await codeOf(platformPortalSession(db, memberOf(t)))).toBe("forbidden");
    expect(await codeOf(platformInvoicePaymentSecret(db, memberOf(t), { invoiceId: invoice!.stripeInvoiceId }))).toBe("forbidden");
    expect(await codeOf(platformInvoicePaymentSecret(db, adminOf(other), { invoiceId: invoice!.stripeInvoiceId }))).toBe("not_found");
    expect(await codeOf(platformInvoicePaymentSecret(db, adminOf(t), { invoiceId: invoice!.stripeInvoiceId }))).toBe("conflict"); // paid: nothing to pay

    // The REST routes (seed 003) answer the same way for API keys of each role.
    const route = await import("@/app/api/platform/billing/invoices/[id]/payment-intent/route");
    const checkout = await import("@/app/api/platform/billing/checkout/route");
    const memberKey = (await createApiKey(db, { tenantId: t.tenant.id, userId: t.member.id }, { name: "m", role: "ROLE_MEMBER" })).token;
    const otherAdminKey = (await createApiKey(db, { tenantId: other.tenant.id, userId: other.admin.id }, { name: "a", role: "ROLE_CLIENT_ADMIN" })).token;
    const call = (key: string, path: string) => new Request(`http://portal.test${path}`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ plan_id: plan.id }) });
    const params = { params: Promise.resolve({ id: invoice!.stripeInvoiceId }) };
    expect((await route.POST(call(memberKey, `/api/platform/billing/invoices/${invoice!.stripeInvoiceId}/payment-intent`), params)).status).toBe(403);
    expect((await route.POST(call(otherAdminKey, `/api/platform/billing/invoices/${invoice!.stripeInvoiceId}/payment-intent`), params)).status).toBe(404);
    expect((await checkout.POST(call(memberKey, "/api/platform/billing/checkout"), { params: Promise.resolve({}) })).status).toBe(403);
  });
});

describe("a plan with a free trial", () => {
  it("Checkout starts the subscription trialing with nothing charged; the platform webhooks make the organisation trialing", async () => {
    const t = await createTestTenant(db, "pbt");
    const { plan } = await createPlatformPlan(db, { userId: null }, { name: "Starter trial", amount: 1900, currency: "usd", trialDays: 14 });
    const since = Math.floor(Date.now() / 1000) - 1;
    const session = await createPlatformCheckout(db, adminOf(t), { planId: plan.id });
    const res = await fetch(`${emulator().url}/v1/checkout/sessions/${session.id}/_complete`, {
      method: "POST",
      headers: { authorization: `Bearer ${platform.publishableKey}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ payment_method: "pm_card_visa", client_secret: session.clientSecret }).toString(),
    });
    expect(res.status).toBe(200);
    for (const e of await platformEventsSince(since)) expect(await deliver(JSON.stringify(e))).toMatchObject({ status: 200 });
    expect(await tenantBillingStatus(db, { tenantId: t.tenant.id })).toBe("trialing");
    const view = await loadPortalBillingView(db, adminOf(t));
    expect(view.subscription?.trialEnd).toBeInstanceOf(Date);
    const days = (view.subscription!.trialEnd!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(13);
    expect(days).toBeLessThanOrEqual(14);
    expect(view.invoices.map((i) => [i.status, i.amountPaid])).toEqual([["paid", 0]]);
    expect(view).toMatchObject({ canChangePlan: true, owed: null });
  });
});

describe("platform status comes only from events, in any order", () => {
  /** A platform customer of a fresh tenant, and subscription/invoice objects to wrap in events. */
  async function customerTenant() {
    const { t, events } = await subscribedTenant();
    for (const e of events) await deliver(JSON.stringify(e));
    const [row] = await db.select().from(platformSubscriptions).where(eq(platformSubscriptions.tenantId, t.tenant.id));
    const sub = await platform.client.subscriptions.retrieve(row!.stripeSubscriptionId);
    return { t, sub, at: Math.floor(Date.now() / 1000) + 10 };
  }

  it("past_due → suspended (unpaid) → active; late and duplicate events never move it back; suspended refuses new payments", async () => {
    const { t, sub, at } = await customerTenant();
    const status = () => tenantBillingStatus(db, { tenantId: t.tenant.id });
    const pastDue = makeEvent("customer.subscription.updated", { ...sub, status: "past_due" }, { created: at + 2 });
    expect(await deliver(JSON.stringify(pastDue))).toEqual({ status: 200, outcome: "processed" });
    expect(await status()).toBe("past_due");
    await assertTenantTakesPayments(db, { tenantId: t.tenant.id }); // past due: nothing blocked yet
    // An older "active" arriving late changes nothing; the same event again is a duplicate.
    expect(await send("customer.subscription.updated", { ...sub, status: "active" }, { created: at + 1 })).toEqual({ status: 200, outcome: "processed" });
    expect(await status()).toBe("past_due");
    expect(await deliver(JSON.stringify(pastDue))).toEqual({ status: 200, outcome: "duplicate" });

    await send("customer.subscription.updated", { ...sub, status: "unpaid" }, { created: at + 3 });
    expect(await status()).toBe("suspended");
    expect(await codeOf(assertTenantTakesPayments(db, { tenantId: t.tenant.id }))).toBe("tenant_suspended");

    await send("customer.subscription.updated", { ...sub, status: "active" }, { created: at + 4 });
    expect(await status()).toBe("active");
    const history = await db.select().from(platformBillingStatusChanges).where(eq(platformBillingStatusChanges.tenantId, t.tenant.id));
    expect(history.map((h) => h.status)).toEqual(["incomplete", "active", "past_due", "suspended", "active"]);
  });

  it("canceled stays canceled; a same-second tie is settled by Stripe's current copy", async () => {
    const { t, sub, at } = await customerTenant();
    const status = () => tenantBillingStatus(db, { tenantId: t.tenant.id });
    await send("customer.subscription.deleted", { ...sub, status: "canceled" }, { created: at + 5 });
    expect(await status()).toBe("canceled");
    await send("customer.subscription.updated", { ...sub, status: "active" }, { created: at + 6 });
    expect(await status()).toBe("canceled");
    // Pages read the same status with their tenant lookup, in that one statement (db/queries/tenants.ts).
    expect((await getTenantWithMembership(db, { slug: t.tenant.slug, userId: "nobody" }))?.platformStatus).toBe("canceled");
    expect(await codeOf(assertTenantTakesPayments(db, { tenantId: t.tenant.id }))).toBe("tenant_suspended");

    // Tie: two events in the same second for another subscription; the engine asks Stripe (which says active).
    const second = await customerTenant();
    await send("customer.subscription.updated", { ...second.sub, status: "past_due" }, { created: second.at });
    const tie = await send("customer.subscription.updated", { ...second.sub, status: "unpaid" }, { created: second.at });
    expect(tie).toEqual({ status: 200, outcome: "processed" });
    expect(await tenantBillingStatus(db, { tenantId: second.t.tenant.id })).toBe("active");
    const [logged] = await db.select().from(platformWebhookEvents).where(and(eq(platformWebhookEvents.tenantId, second.t.tenant.id), eq(platformWebhookEvents.note, "resolved_tie")));
    expect(logged).toBeDefined();
  });

  it("invoice.payment_failed marks the invoice overdue and mails each admin once; a paid invoice never reopens", async () => {
    const { t, sub, at } = await customerTenant();
    const invoice = { ...(await platform.client.invoices.retrieve(sub.latest_invoice as string)), id: `in_${evtId().slice(4)}`, status: "open" as const, amount_paid: 0, number: "PLAT-0002" };
    const failed = makeEvent("invoice.payment_failed", invoice, { created: at + 1 });
    expect(await deliver(JSON.stringify(failed))).toMatchObject({ status: 200, outcome: "processed" });
    expect(await deliver(JSON.stringify(failed))).toMatchObject({ outcome: "duplicate" });
    const [row] = await db.select().from(platformInvoices).where(eq(platformInvoices.stripeInvoiceId, invoice.id));
    expect(row).toMatchObject({ status: "open", overdue: true });
    const mails = await db.select().from(mailOutbox).where(and(eq(mailOutbox.tenantId, t.tenant.id), eq(mailOutbox.template, "platform_payment_failed")));
    expect(mails.map((m) => m.toAddress)).toEqual([t.admin.email]);
    const owing = await loadPortalBillingView(db, adminOf(t));
    expect(owing.openInvoices.map((i) => i.stripeInvoiceId)).toEqual([invoice.id]);
    // In arrears the page leads with what is owed: no next invoice, no plan switching.
    expect(owing.owed).toEqual({ totals: [{ amount: invoice.amount_due, currency: "usd" }], payFirst: expect.objectContaining({ stripeInvoiceId: invoice.id, number: "PLAT-0002" }) });
    expect(owing).toMatchObject({ nextInvoice: null, canChangePlan: false, inArrears: true });

    await send("invoice.paid", { ...invoice, status: "paid", amount_paid: invoice.amount_due }, { created: at + 2 });
    await send("invoice.payment_failed", invoice, { created: at + 1 }); // late retry report
    const [after] = await db.select().from(platformInvoices).where(eq(platformInvoices.stripeInvoiceId, invoice.id));
    expect(after).toMatchObject({ status: "paid", overdue: false });
    const settled = await loadPortalBillingView(db, adminOf(t));
    expect(settled).toMatchObject({ owed: null, canChangePlan: true, inArrears: false, nextInvoice: expect.objectContaining({ amount: 4900 }) });
  });
});

describe("a declined renewal on the platform account (emulator retry settings)", () => {
  const control = (path: string, body: object) => fetch(`${emulator().url}/_emulator/${path}`, { method: "POST", body: JSON.stringify(body) }).then((r) => r.json());

  it("past_due while Stripe retries, suspended when it gives up, active again once the open invoice is paid", async () => {
    const { t, events } = await subscribedTenant();
    for (const e of events) await deliver(JSON.stringify(e));
    const [row] = await db.select().from(platformSubscriptions).where(eq(platformSubscriptions.tenantId, t.tenant.id));
    const subId = row!.stripeSubscriptionId;
    const failing = await platform.client.paymentMethods.create({ type: "card", card: { number: "4000000000009995", exp_month: 12, exp_year: new Date().getFullYear() + 2, cvc: "123" } });
    await platform.client.paymentMethods.attach(failing.id, { customer: row!.stripeCustomerId });
    await platform.client.subscriptions.update(subId, { default_payment_method: failing.id });
    await control(`accounts/${platform.id}/subscription-settings`, { retries: 1, retry_interval_days: 3, after_retries: "mark_unpaid" });
    try {
      const status = () => tenantBillingStatus(db, { tenantId: t.tenant.id });
      const deliverSince = async (since: number) => {
        for (const e of await platformEventsSince(since)) expect(await deliver(JSON.stringify(e))).toMatchObject({ status: 200 });
      };
      let since = Math.floor(Date.now() / 1000) - 1;
      await control("clock/advance", { account: platform.id, seconds: 31 * 86400 });
      await deliverSince(since);
      expect(await status()).toBe("past_due");
      const owing = await loadPortalBillingView(db, adminOf(t));
      expect(owing).toMatchObject({ status: "past_due", nextInvoice: null, canChangePlan: false });
      expect(owing.owed?.totals).toEqual([{ amount: 4900, currency: "usd" }]);
      await assertTenantTakesPayments(db, { tenantId: t.tenant.id }); // past due: nothing blocked yet

      since = Math.floor(Date.now() / 1000) - 1;
      await control("clock/advance", { account: platform.id, seconds: 3 * 86400 + 60 });
      await deliverSince(since);
      expect(await status()).toBe("suspended");
      expect(await codeOf(assertTenantTakesPayments(db, { tenantId: t.tenant.id }))).toBe("tenant_suspended");

      // The admin pays the open invoice (the Payment Element confirms its secret with a good card).
      const pay = await platformInvoicePaymentSecret(db, adminOf(t), { invoiceId: owing.owed!.payFirst.stripeInvoiceId });
      since = Math.floor(Date.now() / 1000) - 1;
      await platform.client.invoices.pay(pay.invoiceId, { payment_method: "pm_card_visa" });
      await deliverSince(since);
      expect(await status()).toBe("active");
      expect(await loadPortalBillingView(db, adminOf(t))).toMatchObject({ owed: null, canChangePlan: true });
      const history = await db.select().from(platformBillingStatusChanges).where(eq(platformBillingStatusChanges.tenantId, t.tenant.id));
      expect(history.map((h) => h.status)).toEqual(["incomplete", "active", "past_due", "suspended", "active"]);
    } finally {
      await control(`accounts/${platform.id}/subscription-settings`, { off: true });
    }
  });
});

describe("the two webhook streams never cross", () => {
  it("a platform event signed with a tenant's secret, or a tenant's event about a platform customer, writes no platform row", async () => {
    const { t, events } = await subscribedTenant();
    const tenantSecret = newSecret();
    await setWebhookSecret(db, { tenantId: t.tenant.id, mode: "test", secret: tenantSecret });
    // Signed with the tenant's secret, sent to the platform URL: refused.
    expect((await deliver(JSON.stringify(events[0]), tenantSecret)).status).toBe(400);
    // The platform account's events sent to the tenant's own endpoint: recorded in the tenant's log,
    // applied (or ignored) by tenant handlers only — the platform tables stay empty for this tenant.
    for (const e of events) expect((await deliver(JSON.stringify(e), tenantSecret, t.tenant.id)).status).toBe(200);
    expect(await db.select().from(platformSubscriptions).where(eq(platformSubscriptions.tenantId, t.tenant.id))).toEqual([]);
    expect(await db.select().from(platformInvoices).where(eq(platformInvoices.tenantId, t.tenant.id))).toEqual([]);
    expect(await tenantBillingStatus(db, { tenantId: t.tenant.id })).toBe("none");
    // A platform event about a customer the portal never created is logged as ignored.
    expect(await send("customer.subscription.updated", { id: "sub_foreign", object: "subscription", customer: "cus_foreign", status: "active", items: { data: [] } })).toEqual({
      status: 200,
      outcome: "ignored",
    });
  });

  it("the Node webhook lane answers the platform path too (same gate, same entry)", () => {
    expect(laneScope("POST", "/api/webhooks/stripe/platform/test")).toEqual({ tenantId: "platform", mode: "test" });
  });

  it("the platform endpoint refuses a wrong mode, a missing secret and a forged signature", async () => {
    const payload = JSON.stringify(makeEvent("invoice.paid", { id: "in_x", object: "invoice" }));
    expect((await handleStripeWebhook(db, signedRequest({ tenantId: "platform", mode: "live" }, payload, platform.webhookSecret), { tenantId: "platform", mode: "live" })).status).toBe(404);
    expect((await deliver(payload, newSecret())).status).toBe(400);
    setStripeEnv({ STRIPE_API_BASE: emulator().url, STRIPE_SECRET_KEY: platform.secretKey });
    expect((await deliver(payload)).status).toBe(409);
  });
});
