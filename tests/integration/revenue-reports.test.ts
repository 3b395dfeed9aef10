// Revenue reports against hand-computed figures. Every fact reaches the database as a signed
// webhook through the real ingest, dated by Stripe's `created`; the report is then asked "as of"
// 20 March 2026 for January–March. The expected numbers are worked out in the comments.
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { creditBalances } from "@/db/schema";
import { loadRevenueReport } from "@/lib/reports/revenue-report";
import { handleStripeWebhook } from "@/lib/webhooks/ingest";
import { createTestTenant, useTestDb } from "../helpers/db";
import { makeEvent, newSecret, noFetch, setWebhookSecret, signedRequest } from "../helpers/webhooks";

let db: Db;
let tenantId: string;
const secrets = { test: newSecret(), live: newSecret() };
const t = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const NOW = new Date("2026-03-20T12:00:00Z");

async function send(mode: "test" | "live", type: string, object: object, created: number, id?: string) {
  const event = makeEvent(type, object, { created, livemode: mode === "live", ...(id ? { id } : {}) });
  const res = await handleStripeWebhook(db, signedRequest({ tenantId, mode }, JSON.stringify(event), secrets[mode]), { tenantId, mode }, { fetchLatest: noFetch });
  expect(res.status, `${type} ${JSON.stringify(object).slice(0, 80)}`).toBe(200);
}

type Plan = { amount: number; interval?: "month" | "year"; currency?: string };

function sub(id: string, status: string, plan: Plan, at: number) {
  const currency = plan.currency ?? "usd";
  return {
    id,
    object: "subscription",
    customer: `cus_${id}`,
    status,
    currency,
    cancel_at_period_end: false,
    canceled_at: status === "canceled" ? at : null,
    ended_at: status === "canceled" ? at : null,
    latest_invoice: null,
    metadata: {},
    items: {
      object: "list",
      has_more: false,
      url: `/v1/subscription_items?subscription=${id}`,
      data: [
        {
          id: `si_${id}`,
          object: "subscription_item",
          price: { id: `price_${plan.amount}_${plan.interval ?? "month"}`, object: "price", product: `prod_${plan.amount}`, currency, unit_amount: plan.amount, recurring: { interval: plan.interval ?? "month", interval_count: 1 } },
          quantity: 1,
          current_period_start: at,
          current_period_end: at + 30 * 86400,
        },
      ],
    },
  };
}

function pi(id: string, status: string, amount: number, created: number, currency = "usd") {
  return { id, object: "payment_intent", amount, amount_received: status === "succeeded" ? amount : 0, currency, customer: null, description: null, latest_charge: null, last_payment_error: null, metadata: {}, status, created };
}

function invoice(id: string, subscription: string, status: string, amount: number, created: number, attempts: number) {
  return {
    id,
    object: "invoice",
    customer: `cus_${subscription}`,
    status,
    number: null,
    amount_due: amount,
    amount_paid: status === "paid" ? amount : 0,
    amount_remaining: status === "paid" ? 0 : amount,
    attempt_count: attempts,
    currency: "usd",
    hosted_invoice_url: null,
    created,
    period_start: created,
    period_end: created,
    parent: { type: "subscription_details", quote_details: null, subscription_details: { subscription, metadata: {} } },
  };
}

const refund = (id: string, paymentIntent: string, status: string, amount: number, created: number) => ({
  id,
  object: "refund",
  amount,
  charge: null,
  payment_intent: paymentIntent,
  currency: "usd",
  reason: "requested_by_customer",
  status,
  created,
});

beforeAll(async () => {
  db = (await useTestDb()).db;
  const made = await createTestTenant(db, "rev");
  tenantId = made.tenant.id;
  await setWebhookSecret(db, { tenantId, mode: "test", secret: secrets.test });
  await setWebhookSecret(db, { tenantId, mode: "live", secret: secrets.live });

  // A: $30/month since December — 3000 all along.
  await send("test", "customer.subscription.created", sub("sub_A", "active", { amount: 3000 }, t("2025-12-10T10:00:00Z")), t("2025-12-10T10:00:00Z"));
  // B: $20/month from 5 Jan (new in January), upgraded to $50 on 14 Feb mid-cycle (expansion 3000 in February).
  await send("test", "customer.subscription.created", sub("sub_B", "active", { amount: 2000 }, t("2026-01-05T10:00:00Z")), t("2026-01-05T10:00:00Z"));
  await send("test", "customer.subscription.updated", sub("sub_B", "active", { amount: 5000 }, t("2026-02-14T10:00:00Z")), t("2026-02-14T10:00:00Z"), "evt_B_upgrade");
  // C: $600/year since November = 5000 a month; canceled 20 Feb (churn 5000 in February).
  await send("test", "customer.subscription.created", sub("sub_C", "active", { amount: 60000, interval: "year" }, t("2025-11-01T10:00:00Z")), t("2025-11-01T10:00:00Z"));
  await send("test", "customer.subscription.deleted", sub("sub_C", "canceled", { amount: 60000, interval: "year" }, t("2026-02-20T10:00:00Z")), t("2026-02-20T10:00:00Z"));
  // D: created incomplete on 3 Mar, paid a minute later: $40 new in March.
  await send("test", "customer.subscription.created", sub("sub_D", "incomplete", { amount: 4000 }, t("2026-03-03T10:00:00Z")), t("2026-03-03T10:00:00Z"));
  await send("test", "customer.subscription.updated", sub("sub_D", "active", { amount: 4000 }, t("2026-03-03T10:01:00Z")), t("2026-03-03T10:01:00Z"));
  // E: $25 from 10 Jan (new in January), downgraded to $10 on 5 Mar (contraction 1500 in March).
  await send("test", "customer.subscription.created", sub("sub_E", "active", { amount: 2500 }, t("2026-01-10T10:00:00Z")), t("2026-01-10T10:00:00Z"));
  await send("test", "customer.subscription.updated", sub("sub_E", "active", { amount: 1000 }, t("2026-03-05T10:00:00Z")), t("2026-03-05T10:00:00Z"));
  // F: started and canceled within January: moves nothing.
  await send("test", "customer.subscription.created", sub("sub_F", "active", { amount: 9000 }, t("2026-01-15T10:00:00Z")), t("2026-01-15T10:00:00Z"));
  await send("test", "customer.subscription.deleted", sub("sub_F", "canceled", { amount: 9000 }, t("2026-01-25T10:00:00Z")), t("2026-01-25T10:00:00Z"));
  // G: trialing since 10 Mar: no MRR, one trialing subscriber.
  await send("test", "customer.subscription.created", sub("sub_G", "trialing", { amount: 3000 }, t("2026-03-10T10:00:00Z")), t("2026-03-10T10:00:00Z"));
  // H: €39 from 2 Feb (a second currency).
  await send("test", "customer.subscription.created", sub("sub_H", "active", { amount: 3900, currency: "eur" }, t("2026-02-02T10:00:00Z")), t("2026-02-02T10:00:00Z"));
  // L: a live subscription; must never show in test figures.
  await send("live", "customer.subscription.created", sub("sub_L", "active", { amount: 9900 }, t("2026-02-01T10:00:00Z")), t("2026-02-01T10:00:00Z"));

  // Payments: revenue Jan 2000, Feb 3000, Mar 4000 (USD), Feb €39; a failed one counts nothing.
  await send("test", "payment_intent.succeeded", pi("pi_1", "succeeded", 2000, t("2026-01-07T10:00:00Z")), t("2026-01-07T10:00:05Z"));
  await send("test", "payment_intent.succeeded", pi("pi_2", "succeeded", 3000, t("2026-02-14T10:00:00Z")), t("2026-02-14T10:00:05Z"));
  await send("test", "payment_intent.succeeded", pi("pi_3", "succeeded", 4000, t("2026-03-03T10:00:00Z")), t("2026-03-03T10:00:05Z"));
  await send("test", "payment_intent.payment_failed", pi("pi_4", "requires_payment_method", 1000, t("2026-03-05T10:00:00Z")), t("2026-03-05T10:00:05Z"));
  await send("test", "payment_intent.succeeded", pi("pi_5", "succeeded", 3900, t("2026-02-02T10:00:00Z"), "eur"), t("2026-02-02T10:00:05Z"));
  await send("live", "payment_intent.succeeded", pi("pi_live", "succeeded", 9900, t("2026-02-01T10:00:00Z")), t("2026-02-01T10:00:05Z"));
  // Refunds: $10 of pi_2 on 6 Mar (a refund counts in its own month); a failed one gives nothing back.
  await send("test", "refund.created", refund("re_1", "pi_2", "succeeded", 1000, t("2026-03-06T10:00:00Z")), t("2026-03-06T10:00:00Z"));
  await send("test", "refund.failed", refund("re_2", "pi_3", "failed", 500, t("2026-03-07T10:00:00Z")), t("2026-03-07T10:00:00Z"));

  // Renewal invoices: February has two, one failed then paid; March one failed and still open.
  await send("test", "invoice.payment_failed", invoice("in_A_feb", "sub_A", "open", 3000, t("2026-02-10T10:00:00Z"), 1), t("2026-02-10T10:00:10Z"));
  await send("test", "invoice.paid", invoice("in_A_feb", "sub_A", "paid", 3000, t("2026-02-10T10:00:00Z"), 2), t("2026-02-12T10:00:00Z"));
  await send("test", "invoice.paid", invoice("in_B_feb", "sub_B", "paid", 2000, t("2026-02-05T10:00:00Z"), 1), t("2026-02-05T10:00:10Z"));
  await send("test", "invoice.payment_failed", invoice("in_A_mar", "sub_A", "open", 3000, t("2026-03-10T10:00:00Z"), 1), t("2026-03-10T10:00:10Z"));

  await db.insert(creditBalances).values({ tenantId, userId: made.member.id, balance: 1234 });
});

describe("revenue report (test mode, January–March 2026, as of 20 March)", () => {
  const report = () => loadRevenueReport(db, { tenantId, mode: "test", months: 3, now: NOW });

  it("MRR at each month's end and now, with new, expansion, contraction and churn per month", async () => {
    const usd = (await report()).currencies.find((c) => c.currency === "usd")!;
    expect(usd.months.map((m) => m.month)).toEqual(["2026-01", "2026-02", "2026-03"]);
    // 1 Feb: A 3000 + B 2000 + C 5000 + E 2500; 1 Mar: A 3000 + B 5000 + E 2500; now: A + B + D 4000 + E 1000.
    expect(usd.months.map((m) => m.mrr)).toEqual([12500, 10500, 13000]);
    expect(usd.months.map(({ newMrr, expansion, contraction, churn }) => ({ newMrr, expansion, contraction, churn }))).toEqual([
      { newMrr: 4500, expansion: 0, contraction: 0, churn: 0 }, // B 2000 + E 2500; F started and ended inside January
      { newMrr: 0, expansion: 3000, contraction: 0, churn: 5000 }, // B 2000 → 5000; C's 5000 ends
      { newMrr: 4000, expansion: 0, contraction: 1500, churn: 0 }, // D; E 2500 → 1000
    ]);
    expect([usd.mrr, usd.active, usd.trialing]).toEqual([13000, 4, 1]);
  });

  it("revenue and refunds by month, per currency; failed payments and refunds that failed count nothing", async () => {
    const r = await report();
    const usd = r.currencies.find((c) => c.currency === "usd")!;
    expect(usd.months.map((m) => [m.revenue, m.refunds])).toEqual([
      [2000, 0],
      [3000, 0],
      [4000, 1000],
    ]);
    const eur = r.currencies.find((c) => c.currency === "eur")!;
    expect(eur.months.map((m) => [m.mrr, m.newMrr, m.revenue])).toEqual([
      [0, 0, 0],
      [3900, 3900, 3900],
      [3900, 0, 0],
    ]);
    expect(r.currencies.map((c) => c.currency)).toEqual(["eur", "usd"]);
  });

  it("top plans by MRR now, failed-payment rate with recoveries, credits outstanding", async () => {
    const r = await report();
    const usd = r.currencies.find((c) => c.currency === "usd")!;
    // prod_5000 (B), prod_4000 (D), prod_3000 (A, and G trialing: 0 MRR), prod_1000 (E, after its downgrade).
    expect(usd.topPlans.map((p) => [p.name, p.mrr, p.subscribers])).toEqual([
      ["prod_5000", 5000, 1],
      ["prod_4000", 4000, 1],
      ["prod_3000", 3000, 1],
      ["prod_1000", 1000, 1],
    ]);
    expect(r.failedPayments).toEqual([
      { month: "2026-01", invoices: 0, failed: 0, recovered: 0 },
      { month: "2026-02", invoices: 2, failed: 1, recovered: 1 },
      { month: "2026-03", invoices: 1, failed: 1, recovered: 0 },
    ]);
    expect(r.credits).toEqual({ credits: 1234, holders: 1 });
  });

  it("live figures are kept apart from test figures", async () => {
    const live = await loadRevenueReport(db, { tenantId, mode: "live", months: 3, now: NOW });
    expect(live.currencies.map((c) => [c.currency, c.mrr, c.active, c.months[1]?.revenue])).toEqual([["usd", 9900, 1, 9900]]);
  });

  it("a duplicate delivery of an upgrade changes nothing", async () => {
    const before = await report();
    await send("test", "customer.subscription.updated", sub("sub_B", "active", { amount: 5000 }, t("2026-02-14T10:00:00Z")), t("2026-02-14T10:00:00Z"), "evt_B_upgrade");
    expect(await report()).toEqual(before);
  });
});
