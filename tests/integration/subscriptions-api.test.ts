import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { Db } from "@/db/client";
import { createApiKey } from "@/lib/api-keys/manage-api-keys";
import { useTestDb } from "../helpers/db";
import { eventually, startPaymentsHarness } from "../helpers/payments-harness";
import { createPlan, intentOfSecret } from "../helpers/subscription-plans";

/* The HTTP layer of the subscriptions and invoices API, called as Next calls route handlers, with tenant API keys. */
let db: Db;
let harness: Awaited<ReturnType<typeof startPaymentsHarness>>;
let routes: {
  create: typeof import("@/app/api/subscriptions/create/route");
  list: typeof import("@/app/api/subscriptions/route");
  one: typeof import("@/app/api/subscriptions/[id]/route");
  preview: typeof import("@/app/api/subscriptions/[id]/preview/route");
  invoices: typeof import("@/app/api/invoices/route");
  payInvoice: typeof import("@/app/api/invoices/[id]/payment-intent/route");
};

beforeAll(async () => {
  db = (await useTestDb()).db;
  process.env.DATABASE_URL = inject("databaseUrl");
  harness = await startPaymentsHarness(db);
  routes = {
    create: await import("@/app/api/subscriptions/create/route"),
    list: await import("@/app/api/subscriptions/route"),
    one: await import("@/app/api/subscriptions/[id]/route"),
    preview: await import("@/app/api/subscriptions/[id]/preview/route"),
    invoices: await import("@/app/api/invoices/route"),
    payInvoice: await import("@/app/api/invoices/[id]/payment-intent/route"),
  };
});
afterAll(() => harness.close());
beforeEach(() => harness.env());

const noParams = { params: Promise.resolve({}) };
const idParams = (id: string) => ({ params: Promise.resolve({ id }) });

function req(path: string, key: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  return new Request(`http://portal.test${path}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...init.headers },
    body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
  });
}

async function setup() {
  const t = await harness.connectedTenant("sapi");
  const plan = await createPlan(db, t.tenant.id, t.stripe, { amounts: [1000, 3000] });
  const adminKey = (await createApiKey(db, { tenantId: t.tenant.id, userId: t.admin.id }, { name: "Back office", role: "ROLE_CLIENT_ADMIN" })).token;
  const memberKey = (await createApiKey(db, { tenantId: t.tenant.id, userId: t.member.id }, { name: "Member app", role: "ROLE_MEMBER" })).token;
  return { t, plan, adminKey, memberKey };
}

const create = (key: string, body: unknown, headers: Record<string, string> = {}) =>
  routes.create.POST(req("/api/subscriptions/create", key, { method: "POST", body, headers }), noParams);

async function activeSubscription() {
  const s = await setup();
  const res = await create(s.memberKey, { price_id: s.plan.prices[0]!.id });
  const body = await res.json();
  await s.t.stripe.paymentIntents.confirm(intentOfSecret(body.client_secret), { payment_method: "pm_card_visa" });
  const list = () => routes.list.GET(req("/api/subscriptions", s.memberKey), noParams).then((r) => r.json());
  await eventually(list, (l) => l.data[0]?.status === "active");
  return { ...s, id: body.id as string, list };
}

describe("POST /api/subscriptions/create", () => {
  it("201 incomplete with the invoice's confirmation secret; the same Idempotency-Key again answers 200 with the same subscription", async () => {
    const { plan, memberKey } = await setup();
    const res = await create(memberKey, { price_id: plan.prices[0]!.id }, { "idempotency-key": "click-1" });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ object: "subscription", status: "incomplete", secret_type: "payment", livemode: false, reused: false });
    expect(body.client_secret).toMatch(/^pi_.+_secret_/);
    expect(body.publishable_key).toMatch(/^pk_test_/);
    const again = await create(memberKey, { price_id: plan.prices[0]!.id }, { "idempotency-key": "click-1" });
    expect(again.status).toBe(200);
    expect((await again.json()).id).toBe(body.id);
  });

  it("401 for an unknown key, 400 for bad JSON, 422 for a bad body, 404 for an unknown price", async () => {
    const { plan, memberKey } = await setup();
    expect((await create("mp_invalid_key", { price_id: plan.prices[0]!.id })).status).toBe(401);
    const invalid = await create(memberKey, { price_id: "nope" });
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).error.code).toBe("validation_failed");
    expect((await create(memberKey, { price_id: "00000000-0000-4000-8000-000000000000" })).status).toBe(404);
    expect((await create(memberKey, "{not json")).status).toBe(400);
  });

  it("409 once the member holds the plan", async () => {
    const { plan, memberKey } = await activeSubscription();
    const res = await create(memberKey, { price_id: plan.prices[0]!.id });
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe("conflict");
  });
});

describe("GET /api/subscriptions and /api/subscriptions/{id}", () => {
  it("lists the caller's subscriptions with status, renewal date and guidance; admins may filter by member; members may not", async () => {
    const { t, id, list, adminKey, memberKey } = await activeSubscription();
    const mine = await list();
    expect(mine.data[0]).toMatchObject({ id, status: "active", status_label: "Active", cancel_at_period_end: false, plan: { amount: 1000, interval: "month" } });
    expect(Date.parse(mine.data[0].current_period_end)).toBeGreaterThan(Date.now() + 27 * 86400_000);
    const asAdmin = await (await routes.list.GET(req(`/api/subscriptions?member=${t.member.id}`, adminKey), noParams)).json();
    expect(asAdmin.data.map((s: { id: string }) => s.id)).toEqual([id]);
    expect((await routes.list.GET(req(`/api/subscriptions?member=${t.admin.id}`, memberKey), noParams)).status).toBe(403);
    expect((await routes.one.GET(req(`/api/subscriptions/${id}`, memberKey), idParams(id))).status).toBe(200);
    expect((await routes.one.GET(req(`/api/subscriptions/sub_unknown`, memberKey), idParams("sub_unknown"))).status).toBe(404);
  });

  it("another tenant's key gets 404 for this subscription", async () => {
    const { id } = await activeSubscription();
    const other = await setup();
    expect((await routes.one.GET(req(`/api/subscriptions/${id}`, other.adminKey), idParams(id))).status).toBe(404);
  });
});

describe("PUT / DELETE /api/subscriptions/{id}", () => {
  it("cancel_at_period_end true/false, plan change with preview, 422 on an empty body", async () => {
    const { id, plan, list, memberKey } = await activeSubscription();
    const put = (body: unknown) => routes.one.PUT(req(`/api/subscriptions/${id}`, memberKey, { method: "PUT", body }), idParams(id));
    expect((await put({})).status).toBe(422);
    const cancel = await put({ cancel_at_period_end: true });
    expect(cancel.status).toBe(200);
    expect(await cancel.json()).toMatchObject({ stripe_status: "active", cancel_at_period_end: true });
    await eventually(list, (l) => l.data[0]?.cancel_at_period_end === true);
    expect((await (await put({ cancel_at_period_end: false })).json()).cancel_at_period_end).toBe(false);

    const preview = await (await routes.preview.POST(req(`/api/subscriptions/${id}/preview`, memberKey, { method: "POST", body: { price_id: plan.prices[1]!.id } }), idParams(id))).json();
    expect(preview).toMatchObject({ object: "proration_preview", currency: "usd" });
    expect(preview.lines).toHaveLength(2);
    const changed = await put({ price_id: plan.prices[1]!.id, proration_date: preview.proration_date });
    expect(changed.status).toBe(200);
    const after = await eventually(list, (l) => l.data[0]?.plan.amount === 3000);
    expect(after.data[0].plan.price_id).toBe(plan.prices[1]!.id);
  });

  it("DELETE: 403 for a member key, 200 for an admin, then 409; the webhook ends it", async () => {
    const { id, list, adminKey, memberKey } = await activeSubscription();
    const del = (key: string) => routes.one.DELETE(req(`/api/subscriptions/${id}`, key, { method: "DELETE" }), idParams(id));
    expect((await del(memberKey)).status).toBe(403);
    const res = await del(adminKey);
    expect(res.status).toBe(200);
    expect((await res.json()).stripe_status).toBe("canceled");
    await eventually(list, (l) => l.data[0]?.status === "canceled");
    expect((await del(adminKey)).status).toBe(409);
  });
});

describe("invoices", () => {
  it("GET /api/invoices lists the member's invoices; POST /api/invoices/{id}/payment-intent: 409 when paid, 404 unknown, 200 when open", async () => {
    const { t, memberKey, adminKey } = await setup();
    const started = await (await create(memberKey, { price_id: (await createPlan(db, t.tenant.id, t.stripe, { name: "Silver" })).prices[0]!.id })).json();
    const invoices = await eventually(
      () => routes.invoices.GET(req("/api/invoices", memberKey), noParams).then((r) => r.json()),
      (l) => l.data[0]?.status === "open",
    );
    const invoiceId = invoices.data[0].id as string;
    expect(invoices.data[0]).toMatchObject({ status: "open", amount_due: 1000, subscription: started.id });
    const payIntent = (key: string, id: string) => routes.payInvoice.POST(req(`/api/invoices/${id}/payment-intent`, key, { method: "POST" }), idParams(id));
    const open = await payIntent(memberKey, invoiceId);
    expect(open.status).toBe(200);
    expect((await open.json()).client_secret).toBe(started.client_secret);
    expect((await payIntent(memberKey, "in_unknown")).status).toBe(404);
    expect((await payIntent(memberKey, "not-an-id")).status).toBe(404);
    await t.stripe.paymentIntents.confirm(intentOfSecret(started.client_secret), { payment_method: "pm_card_visa" });
    await eventually(() => routes.invoices.GET(req("/api/invoices?status=paid", adminKey), noParams).then((r) => r.json()), (l) => l.data.length === 1);
    expect((await payIntent(memberKey, invoiceId)).status).toBe(409);
    expect((await routes.invoices.GET(req("/api/invoices", "mp_revoked_or_unknown"), noParams)).status).toBe(401);
  });
});

describe("POST /api/billing-portal", () => {
  it("201 with a portal URL for the caller's customer, returning to the membership page; 409 without a billing account", async () => {
    const portal = await import("@/app/api/billing-portal/route");
    const { t, memberKey, adminKey } = await activeSubscription();
    const res = await portal.POST(req("/api/billing-portal", memberKey, { method: "POST" }), noParams);
    expect(res.status).toBe(201);
    const { url } = await res.json();
    const session = await (await fetch(url)).json();
    expect(session.return_url).toBe(`${process.env.APP_URL}/${t.tenant.slug}/billing/subscription`);
    // The admin key acts as the admin, who has never paid: no customer yet.
    const none = await portal.POST(req("/api/billing-portal", adminKey, { method: "POST" }), noParams);
    expect(none.status).toBe(409);
  });
});

describe("checkout sessions", () => {
  it("POST creates an embedded session; completing it reads complete via GET and the webhook projection; 404/422 errors", async () => {
    const create = await import("@/app/api/checkout-sessions/route");
    const one = await import("@/app/api/checkout-sessions/[id]/route");
    const { t, plan, memberKey } = await setup();
    const res = await create.POST(req("/api/checkout-sessions", memberKey, { method: "POST", body: { price_id: plan.prices[0]!.id } }), noParams);
    expect(res.status).toBe(201);
    const s = await res.json();
    expect(s).toMatchObject({ object: "checkout.session", status: "open", mode: "subscription", amount_total: 1000 });
    expect(s.client_secret).toMatch(/_secret_/);
    const get = (key: string, id: string) => one.GET(req(`/api/checkout-sessions/${id}`, key), idParams(id));
    expect(await (await get(memberKey, s.id)).json()).toMatchObject({ status: "open", payment_status: "unpaid" });

    const done = await fetch(`${harness.emulator.url}/v1/checkout/sessions/${s.id}/_complete`, {
      method: "POST",
      headers: { authorization: `Bearer ${s.publishable_key}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ client_secret: s.client_secret, payment_method: "pm_card_visa" }),
    });
    expect(done.status).toBe(200);
    expect(await (await get(memberKey, s.id)).json()).toMatchObject({ status: "complete", payment_status: "paid" });
    const { checkoutSessions } = await import("@/db/schema");
    const { eq } = await import("drizzle-orm");
    const rows = await eventually(() => db.select().from(checkoutSessions).where(eq(checkoutSessions.stripeCheckoutSessionId, s.id)), (r) => r[0]?.status === "complete");
    expect(rows[0]).toMatchObject({ status: "complete", paymentStatus: "paid", tenantId: t.tenant.id });

    const other = await setup();
    expect((await get(other.memberKey, s.id)).status).toBe(404);
    expect((await get(memberKey, "cs_test_unknown")).status).toBe(404);
    expect((await create.POST(req("/api/checkout-sessions", memberKey, { method: "POST", body: { price_id: 1 } }), noParams)).status).toBe(422);
    expect((await create.POST(req("/api/checkout-sessions", memberKey, { method: "POST", body: { price_id: other.plan.prices[0]!.id } }), noParams)).status).toBe(404);
  });
});
