import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type DbHandle } from "@/db/client";
import { migrate } from "@/db/migrate";
import { claimLease } from "@/db/queries/operation-leases";
import { singleFlight } from "@/lib/concurrency/single-flight";
import { createMemberPayment } from "@/lib/payments/create-member-payment";
import { getPaymentView } from "@/lib/payments/read-payments";
import { refundPayment } from "@/lib/payments/refund-payment";
import { createMemberSubscription } from "@/lib/subscriptions/create-member-subscription";
import { createOneTimePrice, eventually, startPaymentsHarness } from "../helpers/payments-harness";
import { createPlan } from "../helpers/subscription-plans";

/*
 * "Never hold a transaction, lock or pool connection across a call to Stripe." On the embedded
 * database (one connection) a Stripe call made inside a transaction stops EVERY other query —
 * pages, webhooks, health — until Stripe answers. Here the emulator answers slowly and a plain
 * query is sent while each money service is waiting for Stripe: it must not wait for Stripe too.
 */
const STRIPE_LATENCY_MS = 1500;
let handle: DbHandle;
let harness: Awaited<ReturnType<typeof startPaymentsHarness>>;

beforeAll(async () => {
  handle = await openDb({ dir: "memory://" });
  await migrate(handle);
  harness = await startPaymentsHarness(handle.db);
});
afterAll(async () => {
  await harness.close();
  await handle.close();
});

/** Starts `work`, and once it is talking to Stripe, times a trivial query on the same database. */
async function queryWhileStripeAnswers(work: () => Promise<unknown>): Promise<number> {
  await harness.control("latency", { ms: STRIPE_LATENCY_MS });
  try {
    const running = work();
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    await handle.db.execute(sql`select 1`);
    const waited = Date.now() - started;
    await running;
    return waited;
  } finally {
    await harness.control("latency", { ms: 0 });
  }
}

describe("money services on ONE connection, with Stripe answering slowly", () => {
  it("a checkout (first customer + PaymentIntent) and a refund leave the database free while Stripe answers", async () => {
    const t = await harness.connectedTenant("slow");
    const price = await createOneTimePrice(handle.db, t.tenant.id, { amount: 2000 });
    let paymentId = "";
    let intentId = "";
    const waitedCheckout = await queryWhileStripeAnswers(async () => {
      const p = await createMemberPayment(handle.db, t.actors.member, { priceId: price.id, saveCard: false });
      paymentId = p.paymentId;
      intentId = p.stripePaymentIntentId;
    });
    expect(waitedCheckout).toBeLessThan(STRIPE_LATENCY_MS / 2);

    await t.stripe.paymentIntents.confirm(intentId, { payment_method: "pm_card_visa" });
    await eventually(() => getPaymentView(handle.db, t.actors.admin, paymentId), (v) => v.status === "succeeded");
    const waitedRefund = await queryWhileStripeAnswers(() => refundPayment(handle.db, t.actors.admin, { paymentId, amount: 500, reason: "requested_by_customer" }));
    expect(waitedRefund).toBeLessThan(STRIPE_LATENCY_MS / 2);
  });

  it("starting a subscription leaves the database free while Stripe answers", async () => {
    const t = await harness.connectedTenant("slowsub");
    const plan = await createPlan(handle.db, t.tenant.id, t.stripe);
    const waited = await queryWhileStripeAnswers(() => createMemberSubscription(handle.db, t.actors.member, { priceId: plan.prices[0]!.id }));
    expect(waited).toBeLessThan(STRIPE_LATENCY_MS / 2);
  });
});

describe("singleFlight", () => {
  it("runs one holder at a time per key; the second runs after the first and sees its result", async () => {
    const order: string[] = [];
    let recorded = 0;
    const run = (name: string) =>
      singleFlight(handle.db, "test:one-at-a-time", async () => {
        order.push(`${name}:start`);
        const seen = recorded;
        await new Promise((r) => setTimeout(r, 100));
        recorded = seen + 1;
        order.push(`${name}:end`);
        return seen;
      });
    const results = await Promise.all([run("a"), run("b")]);
    expect(results.sort()).toEqual([0, 1]);
    expect(order.map((o) => o.split(":")[1])).toEqual(["start", "end", "start", "end"]);
  });

  it("a lease left by a crashed holder frees itself when it expires", async () => {
    await claimLease(handle.db, { key: "test:crashed", holder: randomUUID(), ttlSeconds: 1 });
    const started = Date.now();
    expect(await singleFlight(handle.db, "test:crashed", async () => "ran")).toBe("ran");
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});
