import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { payments, refunds, stripeCustomers, subscriptions, webhookEvents, webhookSignatureFailures } from "@/db/schema";
import { upsertStripeSettings } from "@/db/queries/stripe-settings";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { resetEnvCache } from "@/lib/env";
import { removeStripeValue } from "@/lib/stripe-connection/save-stripe-keys";
import { getWebhookHealth } from "@/lib/webhooks/health";
import { handleStripeWebhook, MAX_WEBHOOK_BODY_BYTES } from "@/lib/webhooks/ingest";
import { createTestTenant, useTestDb } from "../helpers/db";
import { makeEvent, newSecret, noFetch, paymentIntentObject, setWebhookSecret, signedRequest, subscriptionObject } from "../helpers/webhooks";

let db: Db;
let tenantId: string;
let otherTenantId: string;
const secret = newSecret();
const otherSecret = newSecret();

beforeAll(async () => {
  db = (await useTestDb()).db;
  tenantId = (await createTestTenant(db, "wh")).tenant.id;
  otherTenantId = (await createTestTenant(db, "wh2")).tenant.id;
  await setWebhookSecret(db, { tenantId, mode: "test", secret });
  await setWebhookSecret(db, { tenantId: otherTenantId, mode: "test", secret: otherSecret });
});

const deliver = (req: Request, params = { tenantId, mode: "test" }) => handleStripeWebhook(db, req, params, { fetchLatest: noFetch });

async function eventRow(eventId: string) {
  const [row] = await db.select().from(webhookEvents).where(and(eq(webhookEvents.tenantId, tenantId), eq(webhookEvents.eventId, eventId)));
  return row;
}

function piEvent(type = "payment_intent.succeeded", opts: { livemode?: boolean; created?: number } = {}) {
  const piId = `pi_${randomUUID().slice(0, 12)}`;
  return makeEvent(type, paymentIntentObject({ id: piId, status: "succeeded", amount: 2500, customer: "cus_x" }), opts);
}

describe("refused deliveries", () => {
  it("a delivery signed with another tenant's secret is 400, counted, and not stored", async () => {
    const event = piEvent();
    const before = await getWebhookHealth(db, { tenantId, mode: "test" });
    const res = await deliver(signedRequest({ tenantId, mode: "test" }, JSON.stringify(event), otherSecret));
    expect(res.status).toBe(400);
    expect(await eventRow(event.id)).toBeUndefined();
    const after = await getWebhookHealth(db, { tenantId, mode: "test" });
    expect(after.lastSignatureFailureAt).not.toBeNull();
    expect(after.lastSignatureFailureAt!.getTime()).toBeGreaterThanOrEqual(before.lastSignatureFailureAt?.getTime() ?? 0);
  });

  it("a signature 301 s old is refused; 299 s old is accepted", async () => {
    const stale = piEvent();
    const now = Math.floor(Date.now() / 1000);
    expect((await deliver(signedRequest({ tenantId, mode: "test" }, JSON.stringify(stale), secret, { timestamp: now - 301 }))).status).toBe(400);
    expect(await eventRow(stale.id)).toBeUndefined();
    const fresh = piEvent();
    expect((await deliver(signedRequest({ tenantId, mode: "test" }, JSON.stringify(fresh), secret, { timestamp: now - 299 }))).status).toBe(200);
    expect((await eventRow(fresh.id))?.status).toBe("processed");
  });

  it("a signature dated 301 s in the future is refused with a clear 400; 299 s ahead is accepted", async () => {
    const early = piEvent();
    const now = Math.floor(Date.now() / 1000);
    const res = await deliver(signedRequest({ tenantId, mode: "test" }, JSON.stringify(early), secret, { timestamp: now + 301 }));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: "bad_request", message: "Invalid signature: timestamp is more than 300 seconds in the future." } });
    expect(await eventRow(early.id)).toBeUndefined();
    const [failures] = await db.select().from(webhookSignatureFailures).where(eq(webhookSignatureFailures.tenantId, tenantId));
    expect(failures?.lastReason).toMatch(/in the future/);
    const onTime = piEvent();
    expect((await deliver(signedRequest({ tenantId, mode: "test" }, JSON.stringify(onTime), secret, { timestamp: now + 299 }))).status).toBe(200);
    expect((await eventRow(onTime.id))?.status).toBe("processed");
  });

  it("a re-serialised body (signature over different bytes) is refused", async () => {
    const event = piEvent();
    const signedBody = JSON.stringify(event, null, 2);
    const req = signedRequest({ tenantId, mode: "test" }, signedBody, secret);
    const tampered = new Request(req.url, { method: "POST", headers: req.headers, body: JSON.stringify(event) });
    expect((await deliver(tampered)).status).toBe(400);
    expect(await eventRow(event.id)).toBeUndefined();
  });

  it("a missing Stripe-Signature header is 400 and counted", async () => {
    const event = piEvent();
    const [before] = await db.select().from(webhookSignatureFailures).where(eq(webhookSignatureFailures.tenantId, tenantId));
    const req = new Request(`http://localhost/x`, { method: "POST", body: JSON.stringify(event) });
    expect((await deliver(req)).status).toBe(400);
    const [after] = await db.select().from(webhookSignatureFailures).where(eq(webhookSignatureFailures.tenantId, tenantId));
    expect(after!.count).toBe((before?.count ?? 0) + 1);
  });

  it("an event whose livemode contradicts the URL is refused", async () => {
    const event = piEvent("payment_intent.succeeded", { livemode: true });
    expect((await deliver(signedRequest({ tenantId, mode: "test" }, JSON.stringify(event), secret))).status).toBe(400);
    expect(await eventRow(event.id)).toBeUndefined();
  });

  it("bodies over the limit are 413, by Content-Length and by actual length", async () => {
    const event = { ...piEvent(), padding: "x".repeat(MAX_WEBHOOK_BODY_BYTES) };
    const payload = JSON.stringify(event);
    expect((await deliver(signedRequest({ tenantId, mode: "test" }, payload, secret, { headers: { "content-length": String(payload.length) } }))).status).toBe(413);
    // No (or a lying) Content-Length: the streamed length decides.
    const chunked = signedRequest({ tenantId, mode: "test" }, payload, secret, { headers: { "content-length": "10" } });
    expect((await deliver(chunked)).status).toBe(413);
    expect(await eventRow(event.id)).toBeUndefined();
  });

  it("malformed JSON with a valid signature is 400 and not counted as a signature failure", async () => {
    const [before] = await db.select().from(webhookSignatureFailures).where(eq(webhookSignatureFailures.tenantId, tenantId));
    expect((await deliver(signedRequest({ tenantId, mode: "test" }, '{"id": "evt_1", "type": ', secret))).status).toBe(400);
    expect((await deliver(signedRequest({ tenantId, mode: "test" }, '{"hello": "world"}', secret))).status).toBe(400);
    const [after] = await db.select().from(webhookSignatureFailures).where(eq(webhookSignatureFailures.tenantId, tenantId));
    expect(after?.count).toBe(before?.count);
  });

  it("unknown tenants and malformed ids are 404; a mode without a secret is 409; a bad mode is 404", async () => {
    const payload = JSON.stringify(piEvent());
    expect((await deliver(signedRequest({ tenantId: randomUUID(), mode: "test" }, payload, secret), { tenantId: randomUUID(), mode: "test" })).status).toBe(404);
    expect((await deliver(signedRequest({ tenantId: "not-a-uuid", mode: "test" }, payload, secret), { tenantId: "not-a-uuid", mode: "test" })).status).toBe(404);
    const live = await deliver(signedRequest({ tenantId, mode: "live" }, payload, secret), { tenantId, mode: "live" });
    expect(live.status).toBe(409);
    expect(await live.json()).toMatchObject({ error: { code: "stripe_not_configured" } });
    expect((await deliver(signedRequest({ tenantId, mode: "prod" }, payload, secret), { tenantId, mode: "prod" })).status).toBe(404);
  });

  it("with a platform-wide secret, a valid or forged delivery to a tenant that does not exist is 404 and stores nothing", async () => {
    const platformSecret = newSecret();
    process.env.STRIPE_WEBHOOK_SECRET = platformSecret;
    resetEnvCache();
    try {
      const ghost = randomUUID();
      const event = piEvent();
      const params = { tenantId: ghost, mode: "test" };
      expect((await deliver(signedRequest(params, JSON.stringify(event), platformSecret), params)).status).toBe(404);
      expect((await deliver(signedRequest(params, JSON.stringify(event), newSecret()), params)).status).toBe(404);
      expect(await db.select().from(webhookEvents).where(eq(webhookEvents.eventId, event.id))).toHaveLength(0);
      expect(await db.select().from(webhookSignatureFailures).where(eq(webhookSignatureFailures.tenantId, ghost))).toHaveLength(0);
    } finally {
      delete process.env.STRIPE_WEBHOOK_SECRET;
      resetEnvCache();
    }
  });
});

describe("accepted deliveries", () => {
  it("unknown event types answer 2xx and are logged ignored", async () => {
    const event = makeEvent("balance.available", { object: "balance", available: [] });
    const res = await deliver(signedRequest({ tenantId, mode: "test" }, JSON.stringify(event), secret));
    expect(res.status).toBe(200);
    expect(res.headers.get("x-webhook-outcome")).toBe("ignored");
    expect(await eventRow(event.id)).toMatchObject({ status: "ignored", attempts: 1, type: "balance.available" });
  });

  it("products not created by the portal are ignored", async () => {
    const event = makeEvent("product.created", { id: "prod_ext", object: "product", metadata: {} });
    expect((await deliver(signedRequest({ tenantId, mode: "test" }, JSON.stringify(event), secret))).status).toBe(200);
    expect(await eventRow(event.id)).toMatchObject({ status: "ignored", note: expect.stringContaining("created outside the portal") });
  });

  it("a duplicate delivery is answered 200 and applied once", async () => {
    const event = piEvent();
    const payload = JSON.stringify(event);
    const first = await deliver(signedRequest({ tenantId, mode: "test" }, payload, secret));
    const second = await deliver(signedRequest({ tenantId, mode: "test" }, payload, secret));
    expect(first.headers.get("x-webhook-outcome")).toBe("processed");
    expect(second.headers.get("x-webhook-outcome")).toBe("duplicate");
    expect((await eventRow(event.id))!.attempts).toBe(1);
  });

  it("stores the raw payload, api version and Stripe's created", async () => {
    const event = piEvent();
    await deliver(signedRequest({ tenantId, mode: "test" }, JSON.stringify(event), secret));
    const row = await eventRow(event.id);
    expect(row).toMatchObject({ apiVersion: "2026-10-28.endive", stripeCreated: event.created, livemode: false, mode: "test" });
    expect(row!.payload).toEqual(event);
    expect(row!.processedAt).not.toBeNull();
  });

  it("a succeeded payment never returns to processing, whatever the order", async () => {
    const pi = paymentIntentObject({ id: `pi_${randomUUID().slice(0, 10)}`, status: "succeeded", amount: 5000, customer: "cus_later" });
    const t = Math.floor(Date.now() / 1000) - 100;
    const succeeded = makeEvent("payment_intent.succeeded", pi, { created: t });
    const processing = makeEvent("payment_intent.processing", { ...pi, status: "processing", amount_received: 0 }, { created: t + 5 });
    for (const e of [succeeded, processing]) expect((await deliver(signedRequest({ tenantId, mode: "test" }, JSON.stringify(e), secret))).status).toBe(200);
    const [row] = await db.select().from(payments).where(and(eq(payments.tenantId, tenantId), eq(payments.stripePaymentIntentId, pi.id)));
    expect(row).toMatchObject({ status: "succeeded", amount: 5000, amountReceived: 5000, stripeCustomerId: "cus_later" });
  });

  it("a refund seen before its payment is kept and joined when the payment arrives; refunds never shrink", async () => {
    const piId = `pi_${randomUUID().slice(0, 10)}`;
    const t = Math.floor(Date.now() / 1000) - 50;
    const charge = (refunded: number, refundStatus: string) => ({
      id: `ch_${piId.slice(3)}`,
      object: "charge",
      amount: 3000,
      amount_refunded: refunded,
      currency: "usd",
      customer: "cus_r",
      payment_intent: piId,
      refunds: { object: "list", has_more: false, url: "/v1/refunds", data: [{ id: `re_${piId.slice(3)}`, object: "refund", amount: refunded, currency: "usd", charge: `ch_${piId.slice(3)}`, payment_intent: piId, status: refundStatus, reason: null }] },
    });
    const partial = makeEvent("charge.refunded", charge(1000, "pending"), { created: t + 2 });
    const full = makeEvent("charge.refunded", charge(3000, "succeeded"), { created: t + 3 });
    const paid = makeEvent("payment_intent.succeeded", paymentIntentObject({ id: piId, status: "succeeded", amount: 3000, customer: "cus_r" }), { created: t });
    for (const e of [full, partial, paid]) expect((await deliver(signedRequest({ tenantId, mode: "test" }, JSON.stringify(e), secret))).status).toBe(200);
    const [row] = await db.select().from(payments).where(and(eq(payments.tenantId, tenantId), eq(payments.stripePaymentIntentId, piId)));
    expect(row).toMatchObject({ status: "succeeded", amountRefunded: 3000, amount: 3000 });
    const [refund] = await db.select().from(refunds).where(and(eq(refunds.tenantId, tenantId), eq(refunds.stripePaymentIntentId, piId)));
    expect(refund).toMatchObject({ status: "succeeded", amount: 3000 });
  });

  it("a deleted customer stays deleted; its subscription arrived before it and links by id", async () => {
    const cus = `cus_${randomUUID().slice(0, 10)}`;
    const t = Math.floor(Date.now() / 1000) - 30;
    const sub = makeEvent("customer.subscription.created", subscriptionObject({ id: `sub_${cus.slice(4)}`, customer: cus, status: "active", start: t, end: t + 2_592_000 }), { created: t });
    const created = makeEvent("customer.created", { id: cus, object: "customer", email: "a@b.test", name: "A", metadata: {} }, { created: t + 1 });
    const deleted = makeEvent("customer.deleted", { id: cus, object: "customer", email: "a@b.test", name: "A", metadata: {} }, { created: t + 2 });
    const updated = makeEvent("customer.updated", { id: cus, object: "customer", email: "new@b.test", name: "A", metadata: {} }, { created: t + 3 });
    for (const e of [sub, deleted, created, updated]) expect((await deliver(signedRequest({ tenantId, mode: "test" }, JSON.stringify(e), secret))).status).toBe(200);
    const [c] = await db.select().from(stripeCustomers).where(and(eq(stripeCustomers.tenantId, tenantId), eq(stripeCustomers.stripeCustomerId, cus)));
    expect(c).toMatchObject({ deleted: true, email: "a@b.test" });
    const [s] = await db.select().from(subscriptions).where(and(eq(subscriptions.tenantId, tenantId), eq(subscriptions.stripeCustomerId, cus)));
    expect(s?.status).toBe("active");
  });

  it("health figures report the last event and the failed count", async () => {
    const event = makeEvent("customer.created", { id: `cus_${randomUUID().slice(0, 8)}`, object: "customer", email: null, name: null, metadata: {} });
    await deliver(signedRequest({ tenantId, mode: "test" }, JSON.stringify(event), secret));
    const health = await getWebhookHealth(db, { tenantId, mode: "test" });
    expect(health.lastEventType).toBe("customer.created");
    expect(Date.now() - health.lastEventAt!.getTime()).toBeLessThan(60_000);
    expect(health.failedCount).toBe(0);
    expect(await getWebhookHealth(db, { tenantId: otherTenantId, mode: "test" })).toEqual({ lastEventAt: null, lastEventType: null, lastSignatureFailureAt: null, failedCount: 0, reconciliation: null });
  });
});

describe("signing secrets are cached, never stale for a new secret", () => {
  it("a secret rolled in the database (as another app instance would) verifies at once; Remove in this process answers 409 at once", async () => {
    const { tenant, admin } = await createTestTenant(db, "roll");
    const first = newSecret();
    const rolled = newSecret();
    await setWebhookSecret(db, { tenantId: tenant.id, mode: "test", secret: first });
    const send = (s: string) => deliver(signedRequest({ tenantId: tenant.id, mode: "test" }, JSON.stringify(piEvent()), s), { tenantId: tenant.id, mode: "test" });
    expect((await send(first)).status).toBe(200); // now cached

    // Written behind this process's back: nothing tells the cache.
    await upsertStripeSettings(db, { tenantId: tenant.id, mode: "test", patch: { webhookSecretEnc: encryptSecret(rolled), webhookSecretHint: rolled.slice(-4) } });
    expect((await send(rolled)).status).toBe(200);

    await removeStripeValue(db, { tenantId: tenant.id, userId: admin.id }, { mode: "test", field: "webhookSecret" });
    const refused = await send(rolled);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { code: "stripe_not_configured" } });
  });
});
