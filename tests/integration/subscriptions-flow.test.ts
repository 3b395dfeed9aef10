// @requires-postgres: concurrent transactions over several connections (see tests/postgres-only.ts).
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { listInvoiceRows, listOpenNotices } from "@/db/queries/billing-notices";
import { listSubscriptionRows } from "@/db/queries/member-subscriptions";
import { memberSubscriptions } from "@/db/schema";
import { resolveAccess } from "@/lib/access/resolve-access";
import { createMemberSubscription } from "@/lib/subscriptions/create-member-subscription";
import { cancelMemberSubscriptionNow, previewPlanChange, updateMemberSubscription } from "@/lib/subscriptions/manage-subscription";
import { invoicePaymentSecret } from "@/lib/subscriptions/pay-invoice";
import { apiError } from "../helpers/api-error";
import { useTestDb } from "../helpers/db";
import { eventually, startPaymentsHarness } from "../helpers/payments-harness";
import { createPlan, intentOfSecret } from "../helpers/subscription-plans";

let db: Db;
let harness: Awaited<ReturnType<typeof startPaymentsHarness>>;

beforeAll(async () => {
  db = (await useTestDb()).db;
  harness = await startPaymentsHarness(db);
});
afterAll(() => harness.close());
beforeEach(() => harness.env());

const DAY = 86400;

async function subscribed(amounts = [1000, 3000]) {
  const t = await harness.connectedTenant("subs");
  const plan = await createPlan(db, t.tenant.id, t.stripe, { amounts });
  const started = await createMemberSubscription(db, t.actors.member, { priceId: plan.prices[0]!.id });
  const mine = () => listSubscriptionRows(db, { tenantId: t.tenant.id, userId: t.member.id });
  const statusOf = async () => (await mine())[0]?.status ?? null;
  return { t, plan, started, mine, statusOf };
}

async function pay(t: Awaited<ReturnType<typeof harness.connectedTenant>>, secret: string | null, card = "pm_card_visa") {
  return t.stripe.paymentIntents.confirm(intentOfSecret(secret), { payment_method: card });
}

describe("subscribe", () => {
  it("is incomplete until the webhook says active; then the plan's entitlements appear", async () => {
    const { t, started, statusOf } = await subscribed();
    expect(started).toMatchObject({ status: "incomplete", secretType: "payment", reused: false });
    expect(started.clientSecret).toMatch(/^pi_.+_secret_/);
    expect((await resolveAccess(db, { tenantId: t.tenant.id, userId: t.member.id })).features.has("member-area")).toBe(false);
    await pay(t, started.clientSecret);
    expect(await eventually(statusOf, (s) => s === "active")).toBe("active");
    const access = await eventually(() => resolveAccess(db, { tenantId: t.tenant.id, userId: t.member.id }), (a) => a.features.has("member-area"));
    expect(access.entitlements[0]?.sources[0]).toMatchObject({ type: "subscription", stripeSubscriptionId: started.id, status: "active" });
  });

  it("a double click (concurrent) yields one subscription; once active a second subscribe is 409", async () => {
    const t = await harness.connectedTenant("dbl");
    const plan = await createPlan(db, t.tenant.id, t.stripe);
    const both = await Promise.all([0, 1, 2].map(() => createMemberSubscription(db, t.actors.member, { priceId: plan.prices[0]!.id })));
    expect(new Set(both.map((s) => s.id)).size).toBe(1);
    expect((await t.stripe.subscriptions.list({ status: "all" })).data).toHaveLength(1);
    await pay(t, both[0]!.clientSecret);
    await eventually(() => listSubscriptionRows(db, { tenantId: t.tenant.id }), (rows) => rows[0]?.status === "active");
    const err = await apiError(createMemberSubscription(db, t.actors.member, { priceId: plan.prices[0]!.id }));
    expect([err.status, err.code]).toEqual([409, "conflict"]);
  });

  it("refuses one-time or foreign prices (404) and unsynced plans (409)", async () => {
    const t = await harness.connectedTenant("bad");
    const other = await harness.connectedTenant("other");
    const foreign = await createPlan(db, other.tenant.id, other.stripe);
    expect((await apiError(createMemberSubscription(db, t.actors.member, { priceId: foreign.prices[0]!.id }))).status).toBe(404);
    const plan = await createPlan(db, t.tenant.id, t.stripe);
    await db.delete(memberSubscriptions).where(eq(memberSubscriptions.tenantId, t.tenant.id));
    const { stripeCatalogMappings } = await import("@/db/schema");
    await db.update(stripeCatalogMappings).set({ stripeId: null }).where(and(eq(stripeCatalogMappings.tenantId, t.tenant.id)));
    expect((await apiError(createMemberSubscription(db, t.actors.member, { priceId: plan.prices[0]!.id }))).status).toBe(409);
  });
});

describe("renewals and failed payments", () => {
  it("the test clock renews with the saved card; a failing card → past_due + notice → pay now → active, notice resolved", async () => {
    const { t, started, statusOf } = await subscribed();
    await pay(t, started.clientSecret);
    await eventually(statusOf, (s) => s === "active");
    await harness.control("clock/advance", { account: t.account.id, seconds: 32 * DAY });
    const paid = await eventually(() => listInvoiceRows(db, { tenantId: t.tenant.id, userId: t.member.id }), (rows) => rows.filter((r) => r.status === "paid").length === 2);
    expect(paid.map((r) => r.status)).toEqual(["paid", "paid"]);

    const customer = (await t.stripe.subscriptions.retrieve(started.id)).customer as string;
    const failing = await t.stripe.paymentMethods.create({ type: "card", card: { number: "4000000000009995", exp_month: 12, exp_year: new Date().getFullYear() + 2, cvc: "123" } });
    await t.stripe.paymentMethods.attach(failing.id, { customer });
    await t.stripe.subscriptions.update(started.id, { default_payment_method: failing.id });
    await harness.control("clock/advance", { account: t.account.id, seconds: 32 * DAY });
    expect(await eventually(statusOf, (s) => s === "past_due")).toBe("past_due");
    const notices = await eventually(() => listOpenNotices(db, { tenantId: t.tenant.id, userId: t.member.id }), (n) => n.length === 1);
    expect(notices[0]).toMatchObject({ amountDue: 1000, currency: "usd", userId: t.member.id });
    expect(await listOpenNotices(db, { tenantId: t.tenant.id })).toHaveLength(1);

    const payment = await invoicePaymentSecret(db, t.actors.member, notices[0]!.stripeInvoiceId);
    expect(payment.amountDue).toBe(1000);
    await pay(t, payment.clientSecret);
    expect(await eventually(statusOf, (s) => s === "active")).toBe("active");
    expect(await eventually(() => listOpenNotices(db, { tenantId: t.tenant.id }), (n) => n.length === 0)).toEqual([]);
    const again = await apiError(invoicePaymentSecret(db, t.actors.member, notices[0]!.stripeInvoiceId));
    expect(again.status).toBe(409);
  });

  it("another member cannot get the pay secret of someone's invoice (404)", async () => {
    const { t, started } = await subscribed();
    const rows = await eventually(() => listInvoiceRows(db, { tenantId: t.tenant.id }), (r) => r.length === 1);
    const stranger = { ...t.actors.member, userId: t.admin.id, role: "ROLE_MEMBER" as const };
    expect((await apiError(invoicePaymentSecret(db, stranger, rows[0]!.stripeInvoiceId))).status).toBe(404);
    expect((await invoicePaymentSecret(db, t.actors.admin, rows[0]!.stripeInvoiceId)).clientSecret).toBe(started.clientSecret);
  });
});

describe("manage", () => {
  it("upgrade: the preview matches what is charged; the subscription moves to the new price", async () => {
    const { t, plan, started, statusOf } = await subscribed();
    await pay(t, started.clientSecret);
    await eventually(statusOf, (s) => s === "active");
    const preview = await previewPlanChange(db, t.actors.member, started.id, plan.prices[1]!.id);
    expect(preview.amountDue).toBeGreaterThan(1900);
    expect(preview.amountDue).toBeLessThanOrEqual(2000);
    await updateMemberSubscription(db, t.actors.member, started.id, { priceId: plan.prices[1]!.id, prorationDate: preview.prorationDate });
    const stripeSub = await t.stripe.subscriptions.retrieve(started.id);
    expect(stripeSub.items.data[0]?.price.unit_amount).toBe(3000);
    const proration = await t.stripe.invoices.retrieve(stripeSub.latest_invoice as string);
    expect([proration.status, proration.amount_paid]).toEqual(["paid", preview.amountDue]);
    const rows = await listSubscriptionRows(db, { tenantId: t.tenant.id, userId: t.member.id });
    expect(rows[0]?.catalogPriceId).toBe(plan.prices[1]!.id);
    expect((await apiError(updateMemberSubscription(db, t.actors.member, started.id, { priceId: plan.prices[1]!.id }))).status).toBe(409);
  });

  it("cancel at period end, resume, then an admin cancels immediately; access ends with the webhook", async () => {
    const { t, started, mine } = await subscribed();
    await pay(t, started.clientSecret);
    await eventually(mine, (r) => r[0]?.status === "active");
    await updateMemberSubscription(db, t.actors.member, started.id, { cancelAtPeriodEnd: true });
    expect((await eventually(mine, (r) => r[0]?.cancelAtPeriodEnd === true))[0]).toMatchObject({ status: "active", cancelAtPeriodEnd: true });
    await updateMemberSubscription(db, t.actors.member, started.id, { cancelAtPeriodEnd: false });
    expect((await eventually(mine, (r) => r[0]?.cancelAtPeriodEnd === false))[0]?.status).toBe("active");
    await cancelMemberSubscriptionNow(db, t.actors.admin, started.id);
    expect((await eventually(mine, (r) => r[0]?.status === "canceled"))[0]?.status).toBe("canceled");
    expect((await resolveAccess(db, { tenantId: t.tenant.id, userId: t.member.id })).features.has("member-area")).toBe(false);
    expect((await apiError(cancelMemberSubscriptionNow(db, t.actors.admin, started.id))).status).toBe(409);
    expect((await apiError(updateMemberSubscription(db, t.actors.member, started.id, { cancelAtPeriodEnd: true }))).status).toBe(409);
  });
});

describe("out-of-order webhooks", () => {
  it("subscription + invoice events delivered in reverse still end active, paid, without a notice", async () => {
    const t = await harness.connectedTenant("ooo");
    const plan = await createPlan(db, t.tenant.id, t.stripe);
    await harness.control("webhooks/pause");
    const started = await createMemberSubscription(db, t.actors.member, { priceId: plan.prices[0]!.id });
    await pay(t, started.clientSecret);
    await harness.control("webhooks/resume", { order: "reverse" });
    const rows = await eventually(() => listSubscriptionRows(db, { tenantId: t.tenant.id }), (r) => r[0]?.status === "active");
    expect(rows[0]?.status).toBe("active");
    const invoices = await eventually(() => listInvoiceRows(db, { tenantId: t.tenant.id }), (r) => r[0]?.status === "paid");
    expect(invoices[0]?.status).toBe("paid");
    expect(await listOpenNotices(db, { tenantId: t.tenant.id })).toEqual([]);
  });

  it("a late invoice.payment_failed after invoice.paid opens no notice and keeps the subscription active", async () => {
    const { t, started, statusOf } = await subscribed();
    await pay(t, started.clientSecret);
    await eventually(statusOf, (s) => s === "active");
    const customer = (await t.stripe.subscriptions.retrieve(started.id)).customer as string;
    const failing = await t.stripe.paymentMethods.create({ type: "card", card: { number: "4000000000009995", exp_month: 12, exp_year: new Date().getFullYear() + 2, cvc: "123" } });
    await t.stripe.paymentMethods.attach(failing.id, { customer });
    await t.stripe.subscriptions.update(started.id, { default_payment_method: failing.id });
    await harness.control("webhooks/pause");
    await harness.control("clock/advance", { account: t.account.id, seconds: 32 * DAY });
    const open = (await t.stripe.invoices.list({ subscription: started.id, status: "open" })).data[0]!;
    await t.stripe.paymentIntents.confirm(intentOfSecret((await t.stripe.invoices.retrieve(open.id!, { expand: ["confirmation_secret"] })).confirmation_secret?.client_secret ?? null), { payment_method: "pm_card_visa" });
    await harness.control("webhooks/resume", { order: "reverse" });
    await eventually(() => listInvoiceRows(db, { tenantId: t.tenant.id }), (r) => r.find((i) => i.stripeInvoiceId === open.id)?.status === "paid");
    expect(await eventually(statusOf, (s) => s === "active")).toBe("active");
    expect(await listOpenNotices(db, { tenantId: t.tenant.id })).toEqual([]);
  });
});
