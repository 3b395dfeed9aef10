import { eq } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import type Stripe from "stripe";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { billingNotices, disputes, invoices, paymentMethods, payments, stripeCustomers, stripePromotionStates, stripeUnmanagedObjects, subscriptionItems, subscriptions, webhookEvents } from "@/db/schema";
import { processEvent, type ProcessResult } from "@/lib/webhooks/process-event";
import { createTestTenant, useTestDb } from "../helpers/db";
import { disputeObject, invoiceObject, invoicePaymentObject, makeEvent, noFetch, paymentIntentObject, subscriptionObject } from "../helpers/webhooks";

/*
 * fast-path.ts must end exactly where the general transaction ends. One tenant receives a lifecycle
 * through the fast path (falling back wherever it declines), a second tenant the same deliveries
 * through the transaction only; every table the webhook engine writes must then be equal.
 */

let db: Db;
const t = 1_790_000_000;

beforeAll(async () => {
  db = (await useTestDb()).db;
});

function subWithItems(status: Stripe.Subscription.Status, items: { id: string; price: string }[], at: number) {
  const sub = subscriptionObject({ id: "sub_fp", customer: "cus_fp", status, start: at, end: at + 2_592_000, canceledAt: status === "canceled" ? at : null });
  const [template] = sub.items.data;
  return { ...sub, items: { ...sub.items, data: items.map((i) => ({ ...template!, id: i.id, price: { ...template!.price, id: i.price } })) } };
}

const customer = (email: string) => ({ id: "cus_fp", object: "customer", email, name: "Fast Path", metadata: {} });
const card = (customerId: string | null) => ({ id: "pm_fp", object: "payment_method", customer: customerId, type: "card", card: { brand: "visa", last4: "4242", exp_month: 12, exp_year: 2030 } });
const invoice = (status: Stripe.Invoice.Status) => invoiceObject({ id: "in_fp", customer: "cus_fp", subscription: "sub_fp", status, amount: 2500 });
const refundedCharge = (pi: string, refunded: number) => ({ id: `ch_${pi}`, object: "charge", amount: 2500, amount_refunded: refunded, currency: "usd", customer: "cus_fp", payment_intent: pi, refunds: null });
const intent = (status: Stripe.PaymentIntent.Status) => paymentIntentObject({ id: "pi_fp", status, amount: 2500, customer: "cus_fp", charge: "ch_fp" });

const dashboardProduct = (active: boolean) => ({ id: "prod_dash", object: "product", name: "Made in the Dashboard", active, metadata: {} });

const dispute = (status: string, net: number[], evidence?: Record<string, string>) =>
  disputeObject({ id: "dp_fp", charge: "ch_fp", paymentIntent: "pi_fp", status, amount: 2500, net, evidence, submissions: evidence ? 1 : 0 });

const dashboardCoupon = (name: string) => ({ id: "cpn_fp", object: "coupon", name, valid: true, redeem_by: null, max_redemptions: null, times_redeemed: 1, percent_off: 10, metadata: {} });
const dashboardPromo = (active: boolean) => ({ id: "promo_fp", object: "promotion_code", code: "FP", active, expires_at: null, max_redemptions: 3, times_redeemed: 1, promotion: { type: "coupon", coupon: "cpn_fp" }, metadata: {} });

const SOMEONE = "00000000-0000-4000-8000-000000000001";

/** The deliveries, in order, with the path the fast tenant is expected to take. */
function lifecycle() {
  let n = 0;
  // Fixed event ids, so that both tenants' logs compare equal.
  const e = (type: string, object: object, created: number) => makeEvent(type, object, { created, id: `evt_fp_${++n}` });
  const succeeded = e("payment_intent.succeeded", intent("succeeded"), t + 4);
  const portalPurchase = e("payment_intent.succeeded", { ...paymentIntentObject({ id: "pi_portal", status: "succeeded", amount: 900 }), metadata: { memberpulse_user_id: SOMEONE } }, t + 4);
  return [
    { event: e("customer.created", customer("a@fp.test"), t), via: "fast" },
    { event: e("customer.updated", customer("b@fp.test"), t + 1), via: "fast" },
    { event: e("payment_method.attached", card("cus_fp"), t + 1), via: "fast" },
    { event: e("customer.subscription.created", subWithItems("incomplete", [{ id: "si_a", price: "price_a" }, { id: "si_b", price: "price_b" }], t + 1), t + 1), via: "fast" },
    { event: e("invoice.created", invoice("draft"), t + 1), via: "fast" },
    { event: e("invoice.finalized", invoice("open"), t + 2), via: "fast" },
    // Opening a notice is decided in code: the general path.
    { event: e("invoice.payment_failed", invoice("open"), t + 3), via: "transaction" },
    { event: e("customer.subscription.updated", subWithItems("active", [{ id: "si_b", price: "price_b2" }, { id: "si_c", price: "price_c" }], t + 3), t + 3), via: "fast" },
    { event: e("payment_intent.processing", intent("processing"), t + 3), via: "fast" },
    { event: succeeded, via: "fast" },
    // Resolves the notice opened above, in the same statement.
    { event: e("invoice.paid", invoice("paid"), t + 4), via: "fast" },
    // The PaymentIntent link, as real Stripe sends it (events never include invoice.payments).
    { event: e("invoice_payment.paid", invoicePaymentObject({ invoice: "in_fp", paymentIntent: "pi_fp", amount: 2500 }), t + 4), via: "fast" },
    // Older than the row: the fast path declines and the transaction skips it.
    { event: e("payment_intent.processing", intent("processing"), t + 2), via: "transaction" },
    { event: e("payment_method.detached", card(null), t + 5), via: "fast" },
    { event: e("charge.refunded", refundedCharge("pi_fp", 1000), t + 5), via: "fast" },
    // Before its payment's own events: a stub payment row keeps the refunded amount.
    { event: e("charge.refunded", refundedCharge("pi_early", 500), t + 5), via: "fast" },
    { event: e("customer.subscription.deleted", subWithItems("canceled", [{ id: "si_c", price: "price_c" }], t + 6), t + 6), via: "fast" },
    // Newer but after a terminal status (ordering.ts rule 3): declined, then skipped.
    { event: e("customer.subscription.updated", subWithItems("active", [{ id: "si_c", price: "price_c" }], t + 7), t + 7), via: "transaction" },
    { event: e("customer.deleted", customer("b@fp.test"), t + 8), via: "fast" },
    // A second card detached before its attach arrives: the detach names the customer in
    // previous_attributes; the older attach is skipped but the customer is never lost.
    { event: { ...e("payment_method.detached", { ...card(null), id: "pm_fp2" }, t + 7), data: { object: { ...card(null), id: "pm_fp2" }, previous_attributes: { customer: "cus_fp" } } }, via: "fast" },
    { event: e("payment_method.attached", { ...card("cus_fp"), id: "pm_fp2" }, t + 6), via: "transaction" },
    // A product made in the Stripe Dashboard: listed as unmanaged under the watermark rule.
    { event: e("product.created", dashboardProduct(true), t + 5), via: "fast" },
    { event: e("product.updated", dashboardProduct(false), t + 7), via: "fast" },
    { event: e("product.updated", dashboardProduct(true), t + 6), via: "transaction" },
    { event: e("balance.available", { id: "bal_fp", object: "balance" }, t + 8), via: "fast" },
    // A redelivery of an event already processed.
    { event: succeeded, via: "fast" },
    // A portal purchase names its buyer: credits are decided in code (here: not a member, no credits).
    { event: portalPurchase, via: "transaction" },
    // A dispute of pi_fp's charge: opened, funds withdrawn, evidence submitted, won, funds back.
    { event: e("charge.dispute.created", dispute("needs_response", []), t + 5), via: "fast" },
    { event: e("charge.dispute.funds_withdrawn", dispute("needs_response", [-4000]), t + 6), via: "fast" },
    { event: e("charge.dispute.updated", dispute("under_review", [-4000], { uncategorized_text: "Signed for" }), t + 7), via: "fast" },
    // Late: an older snapshot never overwrites the submitted evidence.
    { event: e("charge.dispute.updated", dispute("needs_response", [-4000]), t + 6), via: "transaction" },
    { event: e("charge.dispute.closed", dispute("won", [-4000], { uncategorized_text: "Signed for" }), t + 8), via: "fast" },
    // Same terminal status, newer: the reinstated funds still apply.
    { event: e("charge.dispute.funds_reinstated", dispute("won", [-4000, 4000], { uncategorized_text: "Signed for" }), t + 9), via: "fast" },
    // Newer but would reopen a won dispute (ordering.ts rule 3): declined, then skipped.
    { event: e("charge.dispute.updated", dispute("under_review", [-4000]), t + 10), via: "transaction" },
    // A coupon renamed, then deleted in the Dashboard; a later update cannot undelete it (rule 3).
    { event: e("coupon.updated", dashboardCoupon("Renamed"), t + 5), via: "fast" },
    { event: e("coupon.deleted", dashboardCoupon("Renamed"), t + 6), via: "fast" },
    { event: e("coupon.updated", dashboardCoupon("Again"), t + 7), via: "transaction" },
    // A code's switch-off is followed by the portal's code in code (none here): the general path.
    { event: e("promotion_code.updated", dashboardPromo(false), t + 6), via: "transaction" },
  ] as const;
}

const IGNORED_COLUMNS = new Set(["id", "tenantId", "createdAt", "updatedAt", "receivedAt", "processedAt", "firstSeenAt", "lastSeenAt"]);

/** Every row the engine wrote for a tenant, without row ids and write times, in a stable order. */
async function stateOf(tenantId: string) {
  const tables: Record<string, PgTable & { tenantId: AnyPgColumn }> = {
    stripeCustomers,
    payments,
    paymentMethods,
    subscriptions,
    subscriptionItems,
    invoices,
    billingNotices,
    stripeUnmanagedObjects,
    disputes,
    stripePromotionStates,
    webhookEvents,
  };
  const state: Record<string, unknown[]> = {};
  for (const [name, table] of Object.entries(tables)) {
    const rows = (await db.select().from(table).where(eq(table.tenantId, tenantId))) as Record<string, unknown>[];
    state[name] = rows
      .map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => !IGNORED_COLUMNS.has(k)).map(([k, v]) => [k, k === "resolvedAt" ? v !== null : v])))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  return state;
}

async function deliver(tenantId: string, events: readonly { event: object }[], fastPath: boolean): Promise<ProcessResult[]> {
  const results: ProcessResult[] = [];
  for (const { event } of events) {
    results.push(await processEvent(db, { tenantId, mode: "test" }, event as Stripe.Event, JSON.stringify(event), { fetchLatest: noFetch, fastPath }));
  }
  return results;
}

describe("the fast path", () => {
  it("ends exactly where the general transaction ends, and takes one statement where it can", async () => {
    const fast = await createTestTenant(db, "fast");
    const slow = await createTestTenant(db, "slow");
    const viaFast = await deliver(fast.tenant.id, lifecycle(), true);
    const viaTransaction = await deliver(slow.tenant.id, lifecycle(), false);

    expect(viaFast.map((r) => r.via)).toEqual(lifecycle().map((d) => d.via));
    expect(viaTransaction.every((r) => r.via === "transaction")).toBe(true);
    expect(viaFast.map(({ outcome, note }) => ({ outcome, note }))).toEqual(viaTransaction.map(({ outcome, note }) => ({ outcome, note })));
    expect(await stateOf(fast.tenant.id)).toEqual(await stateOf(slow.tenant.id));

    // …and that common end is the right one.
    const state = await stateOf(fast.tenant.id);
    expect(state.subscriptions).toMatchObject([{ status: "canceled", lastEventCreated: t + 6 }]);
    expect(state.subscriptionItems).toMatchObject([{ stripeSubscriptionItemId: "si_c", stripePriceId: "price_c" }]);
    expect(state.payments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ stripePaymentIntentId: "pi_fp", status: "succeeded", amountReceived: 2500, amountRefunded: 1000 }),
        expect.objectContaining({ stripePaymentIntentId: "pi_early", status: null, amountRefunded: 500 }),
      ]),
    );
    expect(state.paymentMethods).toMatchObject([
      { detached: true, stripeCustomerId: "cus_fp", stripePaymentMethodId: "pm_fp" },
      { detached: true, stripeCustomerId: "cus_fp", stripePaymentMethodId: "pm_fp2" },
    ]);
    expect(state.stripeUnmanagedObjects).toMatchObject([{ stripeId: "prod_dash", active: "archived", lastEventCreated: t + 7 }]);
    expect(state.stripeCustomers).toMatchObject([{ deleted: true, email: "b@fp.test" }]);
    expect(state.invoices).toMatchObject([{ status: "paid", stripePaymentIntentId: "pi_fp" }]);
    expect(state.billingNotices).toMatchObject([{ kind: "payment_failed", resolvedAt: true }]);
    expect(state.disputes).toMatchObject([{ stripeDisputeId: "dp_fp", status: "won", balanceNet: 0, evidence: { uncategorized_text: "Signed for" }, submissionCount: 1, lastEventCreated: t + 9 }]);
    expect(viaFast.map((r) => r.outcome)).toEqual([...Array(21).fill("processed"), ...Array(4).fill("ignored"), "duplicate", ...Array(12).fill("processed")]);
    expect(state.stripePromotionStates).toMatchObject([
      { objectKind: "coupon", stripeId: "cpn_fp", state: "deleted", lastEventCreated: t + 6 },
      { objectKind: "promotion_code", stripeId: "promo_fp", stripeCouponId: "cpn_fp", state: "inactive", maxRedemptions: 3, timesRedeemed: 1 },
    ]);
  });
});
