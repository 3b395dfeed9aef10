// @requires-postgres: concurrent transactions over several connections (see tests/postgres-only.ts).
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { Db } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { setMembershipRole } from "@/db/queries/memberships";
import { createApiKey, revokeTenantApiKey } from "@/lib/api-keys/manage-api-keys";
import { createTestTenant, useTestDb } from "../helpers/db";
import { createOneTimePrice, eventually, startPaymentsHarness } from "../helpers/payments-harness";

/*
 * The HTTP layer of the payments API, called as Next calls route handlers, authenticated with
 * tenant API keys (session-cookie calls are covered by e2e/payments.spec.ts).
 */
let db: Db;
let harness: Awaited<ReturnType<typeof startPaymentsHarness>>;
let routes: {
  createIntent: typeof import("@/app/api/payments/create-intent/route");
  confirm: typeof import("@/app/api/payments/confirm/route");
  list: typeof import("@/app/api/payments/route");
  one: typeof import("@/app/api/payments/[id]/route");
  refund: typeof import("@/app/api/payments/[id]/refund/route");
};

beforeAll(async () => {
  db = (await useTestDb()).db;
  // The route handlers use the app's database singleton: point it at this run's database.
  process.env.DATABASE_URL = inject("databaseUrl");
  harness = await startPaymentsHarness(db);
  routes = {
    createIntent: await import("@/app/api/payments/create-intent/route"),
    confirm: await import("@/app/api/payments/confirm/route"),
    list: await import("@/app/api/payments/route"),
    one: await import("@/app/api/payments/[id]/route"),
    refund: await import("@/app/api/payments/[id]/refund/route"),
  };
});
afterAll(() => harness.close());
beforeEach(() => harness.env());

const noParams = { params: Promise.resolve({}) };
const idParams = (id: string) => ({ params: Promise.resolve({ id }) });

function req(path: string, key: string | null, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  return new Request(`http://portal.test${path}`, {
    method: init.method ?? "GET",
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), "content-type": "application/json", ...init.headers },
    body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
  });
}

async function setup() {
  const t = await harness.connectedTenant("api");
  const price = await createOneTimePrice(db, t.tenant.id, { amount: 1500 });
  const adminKey = (await createApiKey(db, { tenantId: t.tenant.id, userId: t.admin.id }, { name: "Back office", role: "ROLE_CLIENT_ADMIN" })).token;
  const memberKey = (await createApiKey(db, { tenantId: t.tenant.id, userId: t.admin.id }, { name: "Kiosk", role: "ROLE_MEMBER" })).token;
  return { t, price, adminKey, memberKey };
}

async function createIntent(key: string, body: unknown) {
  return routes.createIntent.POST(req("/api/payments/create-intent", key, { method: "POST", body }), noParams);
}

describe("POST /api/payments/create-intent", () => {
  it("201 with the catalog amount; a tampered amount/currency in the body is ignored", async () => {
    const { t, price, memberKey } = await setup();
    const res = await createIntent(memberKey, { price_id: price.id, amount: 1, currency: "jpy" });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ amount: 1500, currency: "usd", status: "requires_payment_method", livemode: false });
    expect(body.client_secret).toMatch(/_secret_/);
    const pi = await t.stripe.paymentIntents.retrieve(body.stripe_payment_intent_id);
    expect([pi.amount, pi.currency]).toEqual([1500, "usd"]);
  });

  it("double submit returns the same payment and intent", async () => {
    const { t, price, memberKey } = await setup();
    const [a, b] = await Promise.all([createIntent(memberKey, { price_id: price.id }), createIntent(memberKey, { price_id: price.id })]);
    const [ja, jb] = [await a!.json(), await b!.json()];
    expect(ja.payment_id).toBe(jb.payment_id);
    expect((await t.stripe.paymentIntents.list()).data).toHaveLength(1);
    expect((await t.stripe.customers.list()).data).toHaveLength(1);
  });

  it("401 for an unknown or revoked key, 422 for a bad body, 404 for an unknown price, 404 for another tenant", async () => {
    const { t, price, adminKey } = await setup();
    expect((await createIntent("mpk_not-a-real-key", { price_id: price.id })).status).toBe(401);
    const keyRow = (await db.select().from(apiKeys).where(eq(apiKeys.tenantId, t.tenant.id)))[0]!;
    const revocable = await createApiKey(db, { tenantId: t.tenant.id, userId: t.admin.id }, { name: "Old", role: "ROLE_MEMBER" });
    await revokeTenantApiKey(db, { tenantId: t.tenant.id, userId: t.admin.id }, revocable.id);
    const revoked = await createIntent(revocable.token, { price_id: price.id });
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ error: { code: "unauthorized" } });
    expect(keyRow.tokenHash).not.toContain(adminKey.slice(4));

    const bad = await createIntent(adminKey, { price_id: "nope" });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ error: { code: "validation_failed", field: "price_id" } });
    expect((await createIntent(adminKey, { price_id: "00000000-0000-4000-8000-000000000000" })).status).toBe(404);
    const wrongTenant = await routes.createIntent.POST(req("/api/payments/create-intent?tenant=globex", adminKey, { method: "POST", body: { price_id: price.id } }), noParams);
    expect(wrongTenant.status).toBe(404);
  });

  it("a key acts with the lesser of its role and its creator's current role: demotion takes admin power at once", async () => {
    const { t, adminKey } = await setup();
    // Refunding is admin-only: an unknown payment is 404 for an admin, 403 for a member.
    const missing = "00000000-0000-4000-8000-000000000000";
    const refund = () => routes.refund.POST(req(`/api/payments/${missing}/refund`, adminKey, { method: "POST", body: {} }), idParams(missing));
    expect((await refund()).status).toBe(404);
    await setMembershipRole(db, { tenantId: t.tenant.id, userId: t.admin.id, role: "ROLE_MEMBER" });
    const demoted = await refund();
    expect(demoted.status).toBe(403);
    expect(await demoted.json()).toMatchObject({ error: { code: "forbidden" } });
    await setMembershipRole(db, { tenantId: t.tenant.id, userId: t.admin.id, role: "ROLE_CLIENT_ADMIN" });
    expect((await refund()).status).toBe(404);
  });

  it("415 for a write that is not JSON (text/plain, a form post), before any other check; answers are private, no-store", async () => {
    const { price, memberKey } = await setup();
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const res = await routes.createIntent.POST(req("/api/payments/create-intent", memberKey, { method: "POST", body: JSON.stringify({ price_id: price.id }), headers: { "content-type": type } }), noParams);
      expect(res.status).toBe(415);
      expect(await res.json()).toMatchObject({ error: { code: "unsupported_media_type" } });
    }
    const noKey = await routes.createIntent.POST(req("/api/payments/create-intent", null, { method: "POST", body: "x", headers: { "content-type": "text/plain" } }), noParams);
    expect(noKey.status).toBe(415);
    const ok = await createIntent(memberKey, { price_id: price.id });
    expect(ok.status).toBe(201);
    expect(ok.headers.get("cache-control")).toBe("private, no-store");
    const refused = await createIntent("mpk_not-a-real-key", { price_id: price.id });
    expect(refused.headers.get("cache-control")).toBe("private, no-store");
  });

  it("409 stripe_not_configured when the tenant has no Stripe keys", async () => {
    const bare = await createTestTenant(db, "bare");
    const price = await createOneTimePrice(db, bare.tenant.id);
    const key = (await createApiKey(db, { tenantId: bare.tenant.id, userId: bare.admin.id }, { name: "k", role: "ROLE_MEMBER" })).token;
    const res = await createIntent(key, { price_id: price.id });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: "stripe_not_configured" } });
  });
});

describe("GET /api/payments and /api/payments/{id}, POST confirm and refund", () => {
  it("pays, lists, reads, refunds partially then fully; members get 403 on refund; other tenants 404", async () => {
    const { t, price, adminKey, memberKey } = await setup();
    const created = await (await createIntent(memberKey, { price_id: price.id, save_card: true })).json();
    const paymentId: string = created.payment_id;
    await t.stripe.paymentIntents.confirm(created.stripe_payment_intent_id, { payment_method: "pm_card_visa" });
    await eventually(
      async () => (await (await routes.one.GET(req(`/api/payments/${paymentId}`, memberKey), idParams(paymentId))).json()).status as string,
      (s) => s === "succeeded",
    );

    const list = await (await routes.list.GET(req("/api/payments?limit=10", adminKey), noParams)).json();
    expect(list).toMatchObject({ object: "list", has_more: false, next_cursor: null });
    expect(list.data.map((p: { id: string; status: string; amount: number }) => [p.id, p.status, p.amount])).toEqual([[paymentId, "succeeded", 1500]]);
    expect((await routes.list.GET(req("/api/payments?status=bogus", adminKey), noParams)).status).toBe(422);

    const refundReq = (key: string, body: unknown, id = paymentId) => routes.refund.POST(req(`/api/payments/${id}/refund`, key, { method: "POST", body }), idParams(id));
    expect((await refundReq(memberKey, {})).status).toBe(403);
    expect((await refundReq(adminKey, { amount: -5 })).status).toBe(422);
    expect((await refundReq(adminKey, { amount: 2000 })).status).toBe(422);
    const partial = await refundReq(adminKey, { amount: 500, reason: "requested_by_customer" });
    expect(partial.status).toBe(201);
    expect(await partial.json()).toMatchObject({ amount: 500, status: "pending", remaining: 1000 });
    expect(await (await refundReq(adminKey, {})).json()).toMatchObject({ amount: 1000, remaining: 0 });
    const third = await refundReq(adminKey, {});
    expect(third.status).toBe(409);
    expect((await third.json()).error.message).toMatch(/already been refunded in full/);

    const other = await setup();
    expect((await routes.one.GET(req(`/api/payments/${paymentId}`, other.adminKey), idParams(paymentId))).status).toBe(404);
    expect((await refundReq(other.adminKey, {})).status).toBe(404);
    expect((await routes.one.GET(req(`/api/payments/not-a-uuid`, adminKey), idParams("not-a-uuid"))).status).toBe(404);
  });

  it("confirm: 422 for a malformed card id, 404 for a card that is not the member's, 402 with Stripe's message on a decline", async () => {
    const { t, price, memberKey } = await setup();
    const created = await (await createIntent(memberKey, { price_id: price.id })).json();
    const confirm = (body: unknown) => routes.confirm.POST(req("/api/payments/confirm", memberKey, { method: "POST", body }), noParams);
    expect((await confirm({ payment_id: created.payment_id, payment_method_id: "card" })).status).toBe(422);
    expect((await confirm({ payment_id: created.payment_id, payment_method_id: "pm_card_visa" })).status).toBe(404);

    const customerId = (await t.stripe.paymentIntents.retrieve(created.stripe_payment_intent_id)).customer as string;
    const declining = await t.stripe.paymentMethods.attach("pm_card_chargeDeclinedInsufficientFunds", { customer: customerId });
    const res = await confirm({ payment_id: created.payment_id, payment_method_id: declining.id });
    expect(res.status).toBe(402);
    expect(await res.json()).toMatchObject({ error: { code: "card_declined", message: expect.stringMatching(/insufficient funds/i) }, status: "requires_payment_method" });
  });
});
