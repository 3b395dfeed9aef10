// @requires-postgres: concurrent transactions over several connections (see tests/postgres-only.ts).
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLog, memberStripeCustomers, payments } from "@/db/schema";
import { confirmMemberPayment } from "@/lib/payments/confirm-member-payment";
import { createMemberPayment } from "@/lib/payments/create-member-payment";
import { getPaymentView, listPaymentViews } from "@/lib/payments/read-payments";
import { refundPayment } from "@/lib/payments/refund-payment";
import { apiError } from "../helpers/api-error";
import { useTestDb } from "../helpers/db";
import { createOneTimePrice, eventually, startPaymentsHarness } from "../helpers/payments-harness";

let db: Db;
let harness: Awaited<ReturnType<typeof startPaymentsHarness>>;

beforeAll(async () => {
  db = (await useTestDb()).db;
  harness = await startPaymentsHarness(db);
});
afterAll(() => harness.close());
beforeEach(() => harness.env());

const viewOf = (actor: Parameters<typeof getPaymentView>[1], id: string) => () => getPaymentView(db, actor, id);

describe("create intent", () => {
  it("creates a pending row before confirmation, with the catalog amount and metadata links", async () => {
    const t = await harness.connectedTenant();
    const price = await createOneTimePrice(db, t.tenant.id, { amount: 4200, currency: "eur" });
    const p = await createMemberPayment(db, t.actors.member, { priceId: price.id, saveCard: false });
    expect(p).toMatchObject({ amount: 4200, currency: "eur", status: "requires_payment_method", mode: "test" });
    expect(p.clientSecret).toMatch(/^pi_.+_secret_/);
    const pi = await t.stripe.paymentIntents.retrieve(p.stripePaymentIntentId);
    expect(pi.metadata).toEqual({
      memberpulse_tenant_id: t.tenant.id,
      memberpulse_user_id: t.member.id,
      memberpulse_price_id: price.id,
      memberpulse_payment_id: p.paymentId,
    });
    const view = await getPaymentView(db, t.actors.member, p.paymentId);
    expect(view).toMatchObject({ status: "pending", amount: 4200, currency: "eur", priceId: price.id });
  });

  it("double submit (concurrent) creates one customer and one PaymentIntent", async () => {
    const t = await harness.connectedTenant();
    const price = await createOneTimePrice(db, t.tenant.id);
    const results = await Promise.all(Array.from({ length: 4 }, () => createMemberPayment(db, t.actors.member, { priceId: price.id, saveCard: false })));
    expect(new Set(results.map((r) => r.stripePaymentIntentId)).size).toBe(1);
    expect(new Set(results.map((r) => r.paymentId)).size).toBe(1);
    const customers = await t.stripe.customers.list({ limit: 100 });
    expect(customers.data).toHaveLength(1);
    const links = await db.select().from(memberStripeCustomers).where(eq(memberStripeCustomers.tenantId, t.tenant.id));
    expect(links).toHaveLength(1);
    const intents = await t.stripe.paymentIntents.list({ limit: 100 });
    expect(intents.data).toHaveLength(1);
  });

  it("refuses unknown, inactive or other tenants' prices (404) and unconfigured Stripe (409)", async () => {
    const t = await harness.connectedTenant();
    const other = await harness.connectedTenant("other");
    const foreign = await createOneTimePrice(db, other.tenant.id);
    const inactive = await createOneTimePrice(db, t.tenant.id, { active: false });
    expect((await apiError(createMemberPayment(db, t.actors.member, { priceId: foreign.id, saveCard: false }))).status).toBe(404);
    expect((await apiError(createMemberPayment(db, t.actors.member, { priceId: inactive.id, saveCard: false }))).status).toBe(404);

    const { createTestTenant } = await import("../helpers/db");
    const bare = await createTestTenant(db, "bare");
    const price = await createOneTimePrice(db, bare.tenant.id);
    const err = await apiError(createMemberPayment(db, { tenantId: bare.tenant.id, tenantSlug: bare.tenant.slug, userId: bare.member.id, role: "ROLE_MEMBER" }, { priceId: price.id, saveCard: false }));
    expect(err.code).toBe("stripe_not_configured");
    expect(err.status).toBe(409);
  });
});

describe("webhook-driven status", () => {
  it("4242: the row stays pending until the webhook, then succeeded", async () => {
    const t = await harness.connectedTenant();
    const price = await createOneTimePrice(db, t.tenant.id);
    const p = await createMemberPayment(db, t.actors.member, { priceId: price.id, saveCard: false });
    await harness.control("webhooks/pause");
    const confirmed = await t.stripe.paymentIntents.confirm(p.stripePaymentIntentId, { payment_method: "pm_card_visa" });
    expect(confirmed.status).toBe("succeeded");
    // Stripe says succeeded, but until the webhook arrives the portal does not.
    expect((await getPaymentView(db, t.actors.member, p.paymentId)).status).toBe("pending");
    await harness.control("webhooks/resume");
    const view = await eventually(viewOf(t.actors.member, p.paymentId), (v) => v.status === "succeeded");
    expect(view).toMatchObject({ status: "succeeded", stripeStatus: "succeeded", amount: 2500 });
    const adminList = await listPaymentViews(db, t.actors.admin, {});
    expect(adminList.data.map((v) => [v.id, v.status, v.member?.email])).toEqual([[p.paymentId, "succeeded", t.member.email]]);
  });

  it("9995 records a failed payment with Stripe's message; a retry gets a fresh intent", async () => {
    const t = await harness.connectedTenant();
    const price = await createOneTimePrice(db, t.tenant.id);
    const p = await createMemberPayment(db, t.actors.member, { priceId: price.id, saveCard: false });
    await t.stripe.paymentIntents.confirm(p.stripePaymentIntentId, { payment_method: "pm_card_chargeDeclinedInsufficientFunds" }).catch(() => null);
    const view = await eventually(viewOf(t.actors.member, p.paymentId), (v) => v.status === "failed");
    expect(view.status).toBe("failed");
    expect(view.lastPaymentError).toMatch(/insufficient funds/i);
    const again = await createMemberPayment(db, t.actors.member, { priceId: price.id, saveCard: false });
    expect(again.paymentId).not.toBe(p.paymentId);
  });
});

describe("server-side confirm with a saved card", () => {
  /** A member whose first payment saved a card (pm_card_visa) on their customer. */
  async function memberWhoPaidOnce() {
    const t = await harness.connectedTenant();
    const price = await createOneTimePrice(db, t.tenant.id);
    const first = await createMemberPayment(db, t.actors.member, { priceId: price.id, saveCard: true });
    const paid = await t.stripe.paymentIntents.confirm(first.stripePaymentIntentId, { payment_method: "pm_card_visa" });
    return { t, price, first, paid };
  }

  it("pays with the member's saved card; another customer's card is 404; a paid payment is 409", async () => {
    const { t, price, first, paid } = await memberWhoPaidOnce();
    const savedCard = typeof paid.payment_method === "string" ? paid.payment_method : paid.payment_method!.id;

    const second = await createMemberPayment(db, t.actors.member, { priceId: price.id, saveCard: false });
    expect(second.paymentId).not.toBe(first.paymentId);
    const stranger = await t.stripe.customers.create({ email: "x@example.test" });
    const foreignCard = await t.stripe.paymentMethods.attach("pm_card_visa", { customer: stranger.id });
    expect((await apiError(confirmMemberPayment(db, t.actors.member, { paymentId: second.paymentId, paymentMethodId: foreignCard.id }))).status).toBe(404);
    expect((await apiError(confirmMemberPayment(db, t.actors.admin, { paymentId: second.paymentId, paymentMethodId: savedCard }))).status).toBe(404);

    const result = await confirmMemberPayment(db, t.actors.member, { paymentId: second.paymentId, paymentMethodId: savedCard });
    expect(result).toMatchObject({ status: "succeeded", decline: null, clientSecret: null });
    await eventually(viewOf(t.actors.member, second.paymentId), (v) => v.status === "succeeded");
    expect((await apiError(confirmMemberPayment(db, t.actors.member, { paymentId: second.paymentId, paymentMethodId: savedCard }))).status).toBe(409);
  });

  it("a saved card that needs 3-D Secure leaves an in-page (use_stripe_sdk) action for Stripe.js, not a redirect", async () => {
    const { t, price, paid } = await memberWhoPaidOnce();
    const customer = typeof paid.customer === "string" ? paid.customer : paid.customer!.id;
    const card = { number: "4000002500003155", exp_month: 12, exp_year: new Date().getFullYear() + 2, cvc: "123" };
    const threeDs = await t.stripe.paymentMethods.attach((await t.stripe.paymentMethods.create({ type: "card", card })).id, { customer });

    const second = await createMemberPayment(db, t.actors.member, { priceId: price.id, saveCard: false });
    const result = await confirmMemberPayment(db, t.actors.member, { paymentId: second.paymentId, paymentMethodId: threeDs.id });
    expect(result).toMatchObject({ status: "requires_action", decline: null, clientSecret: expect.stringMatching(/_secret_/) });
    expect((await t.stripe.paymentIntents.retrieve(second.stripePaymentIntentId)).next_action?.type).toBe("use_stripe_sdk");
  });
});

describe("refunds", () => {
  async function paidPayment(amount = 3000) {
    const t = await harness.connectedTenant();
    const price = await createOneTimePrice(db, t.tenant.id, { amount });
    const p = await createMemberPayment(db, t.actors.member, { priceId: price.id, saveCard: false });
    await t.stripe.paymentIntents.confirm(p.stripePaymentIntentId, { payment_method: "pm_card_visa" });
    await eventually(viewOf(t.actors.admin, p.paymentId), (v) => v.status === "succeeded");
    return { t, p };
  }

  it("partial, then the rest; a third is refused clearly; pending until the webhook; audited", async () => {
    const { t, p } = await paidPayment(3000);
    const first = await refundPayment(db, t.actors.admin, { paymentId: p.paymentId, amount: 1000, reason: "requested_by_customer" });
    expect(first).toMatchObject({ amount: 1000, status: "pending", remaining: 2000 });
    const afterFirst = await eventually(viewOf(t.actors.admin, p.paymentId), (v) => v.amountRefunded === 1000 && v.refunds[0]?.status === "succeeded");
    expect(afterFirst).toMatchObject({ status: "partially_refunded", amountRefunded: 1000, amountRefundPending: 0 });

    const overStripe = await apiError(refundPayment(db, t.actors.admin, { paymentId: p.paymentId, amount: 9_999_999_999_999, reason: "duplicate" }));
    expect(overStripe).toMatchObject({ code: "validation_failed", field: "amount", message: "Amount must be at most $999,999.99." });
    const tooMuch = await apiError(refundPayment(db, t.actors.admin, { paymentId: p.paymentId, amount: 2001, reason: "duplicate" }));
    expect(tooMuch).toMatchObject({ code: "validation_failed", field: "amount" });
    expect(tooMuch.message).toBe("You can refund at most $20.00: $10.00 of $30.00 has already been refunded.");

    const rest = await refundPayment(db, t.actors.admin, { paymentId: p.paymentId, reason: "requested_by_customer" });
    expect(rest).toMatchObject({ amount: 2000, remaining: 0 });
    const third = await apiError(refundPayment(db, t.actors.admin, { paymentId: p.paymentId, reason: "requested_by_customer" }));
    expect(third.status).toBe(409);
    expect(third.message).toBe("This payment has already been refunded in full ($30.00). There is nothing left to refund.");
    // Stripe marks the charge refunded at once; the refund itself settles later (refund.updated).
    const done = await eventually(viewOf(t.actors.admin, p.paymentId), (v) => v.status === "refunded" && v.refunds.every((r) => r.status === "succeeded"));
    expect(done).toMatchObject({ status: "refunded", amountRefundPending: 0 });
    expect(done.refunds.map((r) => [r.amount, r.status])).toEqual([[2000, "succeeded"], [1000, "succeeded"]]);
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.tenantId, t.tenant.id), eq(auditLog.action, "payment.refund_requested")));
    expect(audit).toHaveLength(2);
  });

  it("concurrent full refunds: exactly one goes through", async () => {
    const { t, p } = await paidPayment(5000);
    const results = await Promise.allSettled(Array.from({ length: 3 }, () => refundPayment(db, t.actors.admin, { paymentId: p.paymentId, reason: "duplicate" })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refunds = await t.stripe.refunds.list({ limit: 10 });
    expect(refunds.data.map((r) => r.amount)).toEqual([5000]);
  });

  it("members cannot refund (403); a pending or another tenant's payment cannot be refunded", async () => {
    const { t, p } = await paidPayment();
    expect((await apiError(refundPayment(db, t.actors.member, { paymentId: p.paymentId, reason: "duplicate" }))).status).toBe(403);
    const other = await harness.connectedTenant("other");
    expect((await apiError(refundPayment(db, other.actors.admin, { paymentId: p.paymentId, reason: "duplicate" }))).status).toBe(404);
    const price = await createOneTimePrice(db, t.tenant.id, { name: "Other" });
    const pending = await createMemberPayment(db, t.actors.member, { priceId: price.id, saveCard: false });
    expect((await apiError(refundPayment(db, t.actors.admin, { paymentId: pending.paymentId, reason: "duplicate" }))).status).toBe(409);
  });
});

describe("reading payments", () => {
  it("members see only their own; admins see all; cursor pagination walks every row once", async () => {
    const t = await harness.connectedTenant();
    const prices = await Promise.all([1, 2, 3].map((i) => createOneTimePrice(db, t.tenant.id, { name: `Item ${i}`, amount: 1000 * i })));
    const mine = [];
    for (const price of prices) mine.push(await createMemberPayment(db, t.actors.member, { priceId: price.id, saveCard: false }));
    const adminsOwn = await createMemberPayment(db, t.actors.admin, { priceId: prices[0]!.id, saveCard: false });

    const memberAll = await listPaymentViews(db, t.actors.member, { limit: 100 });
    expect(memberAll.data.map((v) => v.id).sort()).toEqual(mine.map((m) => m.paymentId).sort());
    expect((await apiError(getPaymentView(db, t.actors.member, adminsOwn.paymentId))).status).toBe(404);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listPaymentViews(db, t.actors.admin, { limit: 2, cursor });
      seen.push(...page.data.map((v) => v.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
    const filtered = await listPaymentViews(db, t.actors.admin, { userId: t.admin.id });
    expect(filtered.data.map((v) => v.id)).toEqual([adminsOwn.paymentId]);
    const rows = await db.select().from(payments).where(eq(payments.tenantId, t.tenant.id));
    expect(rows.every((r) => r.status === "requires_payment_method")).toBe(true);
  });
});
