// @requires-postgres: concurrent transactions over several connections (see tests/postgres-only.ts).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { listSubscriptionRows } from "@/db/queries/member-subscriptions";
import { getPaymentView, listPaymentViews } from "@/lib/payments/read-payments";
import { refundPayment } from "@/lib/payments/refund-payment";
import { createMemberSubscription } from "@/lib/subscriptions/create-member-subscription";
import { apiError } from "../helpers/api-error";
import { useTestDb } from "../helpers/db";
import { createOneTimePrice, eventually, startPaymentsHarness } from "../helpers/payments-harness";
import { createPlan, intentOfSecret } from "../helpers/subscription-plans";
import { createMemberPayment } from "@/lib/payments/create-member-payment";

/*
 * One payments ledger (issue 19): the charges Stripe makes on its own — a subscription's first
 * invoice and its renewals — belong to the member whose customer paid, appear in their history and
 * in the admin's list with the invoice they paid, and an admin can refund them.
 */

let db: Db;
let harness: Awaited<ReturnType<typeof startPaymentsHarness>>;

beforeAll(async () => {
  db = (await useTestDb()).db;
  harness = await startPaymentsHarness(db);
});
afterAll(() => harness.close());
beforeEach(() => harness.env());

const DAY = 86400;

describe("membership charges in the payments ledger", () => {
  it("the first charge and a renewal are in the member's history and the admin list, and the renewal is refundable", async () => {
    const t = await harness.connectedTenant("ledger");
    const plan = await createPlan(db, t.tenant.id, t.stripe, { amounts: [1500] });
    const started = await createMemberSubscription(db, t.actors.member, { priceId: plan.prices[0]!.id });
    await t.stripe.paymentIntents.confirm(intentOfSecret(started.clientSecret), { payment_method: "pm_card_visa" });
    await eventually(() => listSubscriptionRows(db, { tenantId: t.tenant.id, userId: t.member.id }), (rows) => rows[0]?.status === "active");
    // A one-time purchase too: the ledger mixes both, newest first.
    const ticket = await createOneTimePrice(db, t.tenant.id, { amount: 700, name: "Workshop ticket" });
    const purchase = await createMemberPayment(db, t.actors.member, { priceId: ticket.id, saveCard: false });
    await t.stripe.paymentIntents.confirm(purchase.stripePaymentIntentId, { payment_method: "pm_card_visa" });
    await harness.control("clock/advance", { account: t.account.id, seconds: 32 * DAY });

    const succeededMembership = (page: Awaited<ReturnType<typeof listPaymentViews>>) =>
      page.data.filter((p) => p.invoice?.subscription && p.status === "succeeded").length === 2 && page.data.some((p) => p.item === "Workshop ticket" && p.status === "succeeded");
    const history = await eventually(() => listPaymentViews(db, t.actors.member, { ownOnly: true }), succeededMembership, 10_000);
    const membership = history.data.filter((p) => p.invoice);
    expect(membership.map((p) => [p.amount, p.invoice?.subscription, p.member?.id])).toEqual([
      [1500, true, t.member.id],
      [1500, true, t.member.id],
    ]);
    expect(membership.every((p) => p.item.startsWith("Membership · invoice"))).toBe(true);
    expect(history.data).toHaveLength(3);
    // Newest first across both kinds of payment.
    const times = history.data.map((p) => p.createdAt.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const adminList = await listPaymentViews(db, t.actors.admin, {});
    expect(adminList.data.map((p) => p.id).sort()).toEqual(history.data.map((p) => p.id).sort());
    expect(adminList.data.every((p) => p.member?.email === t.member.email)).toBe(true);
    // Filtered by member, the admin sees the same three.
    expect((await listPaymentViews(db, t.actors.admin, { userId: t.member.id })).data).toHaveLength(3);

    // Not the admin's own payment, and invisible to another tenant.
    const renewal = membership[0]!;
    expect((await apiError(getPaymentView(db, t.actors.admin, renewal.id, { ownOnly: true }))).status).toBe(404);
    const other = await harness.connectedTenant("other");
    expect((await apiError(getPaymentView(db, other.actors.admin, renewal.id))).status).toBe(404);

    const refund = await refundPayment(db, t.actors.admin, { paymentId: renewal.id, amount: 500, reason: "requested_by_customer" });
    expect(refund).toMatchObject({ amount: 500, status: "pending", remaining: 1000 });
    const refunded = await eventually(() => getPaymentView(db, t.actors.member, renewal.id, { ownOnly: true }), (v) => v.amountRefunded === 500);
    expect(refunded).toMatchObject({ status: "partially_refunded", amountRefunded: 500 });
    const stripeRefunds = await t.stripe.refunds.list({ limit: 10 });
    expect(stripeRefunds.data.map((r) => [r.amount, r.payment_intent])).toEqual([[500, renewal.stripePaymentIntentId]]);
  });
});
