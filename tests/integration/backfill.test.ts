// @requires-postgres: the import of an existing account (2,000 objects) through the job queue.
import { and, eq, isNotNull, sql } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStripeEmulator, type StripeEmulator } from "@/tools/stripe-emulator/server";
import type { Db, DbHandle } from "@/db/client";
import { getBackfill, requestBackfillRow } from "@/db/queries/backfill";
import { upsertStripeSettings } from "@/db/queries/stripe-settings";
import { invoices, memberStripeCustomers, paymentMethods, payments, refunds, stripeCustomers, stripeUnmanagedObjects, subscriptions, type BackfillKind } from "@/db/schema";
import { runBackfill } from "@/lib/backfill/run-backfill";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { openJobQueue, type JobQueue } from "@/lib/jobs/job-queue";
import { queueBackfill, runWorkers } from "@/lib/jobs/run-workers";
import { createTestTenant } from "../helpers/db";
import { usePrivatePostgres } from "../helpers/private-db";
import { eventually } from "../helpers/smtp-catcher";
import { setStripeEnv } from "../helpers/stripe-env";

let handle: DbHandle;
let db: Db;
let emulator: StripeEmulator;
let account: { secretKey: string; publishableKey: string };
let stripe: Stripe;
const bosses: JobQueue[] = [];

/** What the seeded account holds, by kind. */
const SEEDED = { products: 10, prices: 20, customers: 500, paymentMethods: 250, subscriptions: 250, oneOffPayments: 250, refunds: 100 };

async function inChunks<T>(items: T[], size: number, each: (item: T, index: number) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map((item, j) => each(item, i + j)));
}

/**
 * An account that existed before the portal: a catalog, customers (three of them carrying portal
 * member metadata), saved cards, paid subscriptions (invoice + invoice payment + payment intent
 * each), one-off payments and refunds. No webhook endpoint: the portal has seen none of it.
 */
async function seedAccount(memberMeta: { tenantId: string; memberId: string; adminId: string }) {
  const prices: Stripe.Price[] = [];
  for (let p = 0; p < SEEDED.products; p++) {
    const product = await stripe.products.create({ name: `Plan ${p}` });
    prices.push(await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 1000 + p, recurring: { interval: "month" } }));
    prices.push(await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 5000 + p }));
  }
  const customers: Stripe.Customer[] = [];
  await inChunks([...Array(SEEDED.customers).keys()], 10, async (i) => {
    // The portal's own customers carry who they are for; one names another tenant, one a user who is no member.
    const metadata =
      i === 0
        ? { memberpulse_tenant_id: memberMeta.tenantId, memberpulse_user_id: memberMeta.memberId }
        : i === 1
          ? { memberpulse_tenant_id: "00000000-0000-4000-8000-000000000000", memberpulse_user_id: memberMeta.adminId }
          : i === 2
            ? { memberpulse_tenant_id: memberMeta.tenantId, memberpulse_user_id: "not-a-member" }
            : undefined;
    customers[i] = await stripe.customers.create({ email: `c${i}@old-account.test`, ...(metadata ? { metadata } : {}) });
  });
  const recurring = prices.filter((p) => p.recurring);
  await inChunks(customers.slice(0, SEEDED.subscriptions), 10, async (customer, i) => {
    const pm = await stripe.paymentMethods.create({ type: "card", card: { number: "4242424242424242", exp_month: 12, exp_year: new Date().getFullYear() + 2, cvc: "123" } });
    await stripe.paymentMethods.attach(pm.id, { customer: customer.id });
    await stripe.subscriptions.create({ customer: customer.id, items: [{ price: recurring[i % recurring.length]!.id }], default_payment_method: pm.id });
  });
  const oneOff: Stripe.PaymentIntent[] = [];
  await inChunks(customers.slice(SEEDED.subscriptions, SEEDED.subscriptions + SEEDED.oneOffPayments), 10, async (customer, i) => {
    oneOff[i] = await stripe.paymentIntents.create({ amount: 2000 + i, currency: "usd", customer: customer.id, payment_method: "pm_card_visa", confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: "never" } });
  });
  await inChunks(oneOff.slice(0, SEEDED.refunds), 10, (pi) => stripe.refunds.create({ payment_intent: pi.id, amount: 500 }));
}

async function connectedTenant(label: string) {
  const { tenant, member, admin } = await createTestTenant(db, label);
  await upsertStripeSettings(db, { tenantId: tenant.id, mode: "test", patch: { secretKeyEnc: encryptSecret(account.secretKey), publishableKey: account.publishableKey } });
  return { tenant, member, admin, scope: { tenantId: tenant.id, mode: "test" as const } };
}

const count = async (table: typeof stripeCustomers | typeof paymentMethods | typeof subscriptions | typeof invoices | typeof payments | typeof refunds | typeof stripeUnmanagedObjects, tenantId: string) =>
  (await db.select({ n: sql<number>`count(*)::int` }).from(table).where(eq(table.tenantId, tenantId)))[0]!.n;

async function projectionCounts(tenantId: string) {
  return {
    customers: await count(stripeCustomers, tenantId),
    paymentMethods: await count(paymentMethods, tenantId),
    subscriptions: await count(subscriptions, tenantId),
    invoices: await count(invoices, tenantId),
    payments: await count(payments, tenantId),
    refunds: await count(refunds, tenantId),
    unmanaged: await count(stripeUnmanagedObjects, tenantId),
  };
}

const EXPECTED = {
  customers: SEEDED.customers,
  paymentMethods: SEEDED.paymentMethods,
  subscriptions: SEEDED.subscriptions,
  invoices: SEEDED.subscriptions,
  payments: SEEDED.subscriptions + SEEDED.oneOffPayments,
  refunds: SEEDED.refunds,
  unmanaged: SEEDED.products + SEEDED.prices,
};

beforeAll(async () => {
  emulator = await startStripeEmulator({ port: 0 });
  setStripeEnv({ STRIPE_API_BASE: emulator.url });
  handle = (await usePrivatePostgres()).handle;
  db = handle.db;
  account = await emulator.createAccount({ mode: "test", name: "existing" });
  const base = new URL(emulator.url);
  stripe = new Stripe(account.secretKey, { host: base.hostname, port: Number(base.port), protocol: "http" });
}, 120_000);

afterAll(async () => {
  for (const boss of bosses) await boss.stop({ graceful: false, timeout: 1000 });
  await emulator.close();
  delete process.env.STRIPE_API_BASE;
});

describe("backfill of an account that already has customers, subscriptions and payments", () => {
  let first: Awaited<ReturnType<typeof connectedTenant>>;

  it("imports about 2,000 objects, stopped half-way and resumed, with every link right and nothing twice", async () => {
    first = await connectedTenant("backfill");
    await seedAccount({ tenantId: first.tenant.id, memberId: first.member.id, adminId: first.admin.id });
    expect(await requestBackfillRow(db, { ...first.scope, runId: "run-1" })).toBe(true);

    // Killed after 8 pages (the next run starts from the committed cursors).
    const stopped = await runBackfill(db, first.scope, { maxPages: 8 });
    expect(stopped).toEqual({ complete: false, pages: 8 });
    const half = await getBackfill(db, first.scope);
    expect(half?.status).toBe("running");
    expect(half?.progress.products).toMatchObject({ imported: SEEDED.products, done: true });
    expect(half?.progress.customers?.done).toBe(true);
    expect(half?.progress.subscriptions?.done).not.toBe(true);
    const partial = await projectionCounts(first.tenant.id);
    expect(partial.customers).toBe(SEEDED.customers);
    expect(partial.invoices).toBe(0);

    // Asking again while it runs keeps the run (and its cursors).
    expect(await requestBackfillRow(db, { ...first.scope, runId: "run-2" })).toBe(false);
    const resumed = await runBackfill(db, first.scope);
    expect(resumed.complete).toBe(true);
    const done = await getBackfill(db, first.scope);
    expect(done?.status).toBe("done");
    expect(done?.runId).toBe("run-1");

    expect(await projectionCounts(first.tenant.id)).toEqual(EXPECTED);
    // Each listed object counted once across both runs: no page was imported twice.
    const imported = (kind: BackfillKind) => done?.progress[kind]?.imported ?? 0;
    expect({
      products: imported("products"),
      prices: imported("prices"),
      customers: imported("customers"),
      subscriptions: imported("subscriptions"),
      invoices: imported("invoices"),
      invoicePayments: imported("invoice_payments"),
      paymentIntents: imported("payment_intents"),
      refunds: imported("refunds"),
      refundedCharges: imported("charges"),
      paymentMethods: done?.progress.paymentMethods,
      membersLinked: done?.progress.membersLinked,
    }).toEqual({
      products: SEEDED.products,
      prices: SEEDED.prices,
      customers: SEEDED.customers,
      subscriptions: SEEDED.subscriptions,
      invoices: SEEDED.subscriptions,
      invoicePayments: SEEDED.subscriptions,
      paymentIntents: SEEDED.subscriptions + SEEDED.oneOffPayments,
      refunds: SEEDED.refunds,
      refundedCharges: SEEDED.refunds,
      paymentMethods: SEEDED.paymentMethods,
      membersLinked: 1,
    });

    // Links: every invoice knows its subscription, customer and PaymentIntent; every subscription its customer.
    const linkedInvoices = await db.select({ n: sql<number>`count(*)::int` }).from(invoices).where(and(eq(invoices.tenantId, first.tenant.id), isNotNull(invoices.stripePaymentIntentId), isNotNull(invoices.stripeSubscriptionId), isNotNull(invoices.stripeCustomerId), eq(invoices.status, "paid")));
    expect(linkedInvoices[0]!.n).toBe(SEEDED.subscriptions);
    const orphanSubs = await db.execute(sql`select count(*)::int as n from subscriptions s where s.tenant_id = ${first.tenant.id} and not exists (select 1 from stripe_customers c where c.tenant_id = s.tenant_id and c.stripe_customer_id = s.stripe_customer_id)`);
    expect(Number((Array.isArray(orphanSubs) ? orphanSubs[0] : (orphanSubs as { rows: { n: number }[] }).rows[0])?.n)).toBe(0);
    const refunded = await db.select({ n: sql<number>`count(*)::int` }).from(payments).where(and(eq(payments.tenantId, first.tenant.id), eq(payments.amountRefunded, 500), eq(payments.status, "succeeded")));
    expect(refunded[0]!.n).toBe(SEEDED.refunds);
    const withCustomer = await db.select({ n: sql<number>`count(*)::int` }).from(paymentMethods).where(and(eq(paymentMethods.tenantId, first.tenant.id), isNotNull(paymentMethods.stripeCustomerId), eq(paymentMethods.detached, false)));
    expect(withCustomer[0]!.n).toBe(SEEDED.paymentMethods);

    // Only the customer the portal made for this tenant's member links to that member.
    const links = await db.select().from(memberStripeCustomers).where(eq(memberStripeCustomers.tenantId, first.tenant.id));
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ userId: first.member.id, mode: "test" });
    const [linked] = await db.select().from(stripeCustomers).where(and(eq(stripeCustomers.tenantId, first.tenant.id), eq(stripeCustomers.stripeCustomerId, links[0]!.stripeCustomerId)));
    expect(linked?.email).toBe("c0@old-account.test");

    // Another import (an admin's click after it finished) starts over and changes nothing.
    expect(await requestBackfillRow(db, { ...first.scope, runId: "run-3" })).toBe(true);
    expect((await runBackfill(db, first.scope)).complete).toBe(true);
    expect(await projectionCounts(first.tenant.id)).toEqual(EXPECTED);
  }, 180_000);

  it("waits out Stripe's 429s, and through the job queue resumes a run that gave up on them", async () => {
    const second = await connectedTenant("backfill-429");
    await requestBackfillRow(db, { ...second.scope, runId: "run-429" });
    // Two 429s: waited out inside the run.
    await fetch(`${emulator.url}/_emulator/rate-limit`, { method: "POST", body: JSON.stringify({ requests: 2 }) });
    expect((await runBackfill(db, second.scope, { maxPages: 3, backoffMs: 5 })).complete).toBe(false);
    // More than the run waits for: it stops with the reason on the page, keeping its cursors.
    await fetch(`${emulator.url}/_emulator/rate-limit`, { method: "POST", body: JSON.stringify({ requests: 50 }) });
    await expect(runBackfill(db, second.scope, { backoffMs: 5 })).rejects.toThrow(/rate limit/i);
    const stalled = await getBackfill(db, second.scope);
    expect(stalled?.lastError).toMatch(/rate limit/);
    expect(stalled?.progress.products?.done).toBe(true);
    await fetch(`${emulator.url}/_emulator/rate-limit`, { method: "POST", body: JSON.stringify({ requests: 0 }) });

    // The job (as a retry would) finishes it.
    const boss = await openJobQueue(handle);
    bosses.push(boss);
    await runWorkers(boss, db, { pollingIntervalSeconds: 0.5 });
    expect(await queueBackfill(boss, second.scope)).not.toBeNull();
    await eventually(async () => (await getBackfill(db, second.scope))?.status === "done", { timeoutMs: 120_000, what: "the queued import" });
    expect(await projectionCounts(second.tenant.id)).toEqual(EXPECTED);
    expect((await getBackfill(db, second.scope))?.lastError).toBeNull();
  }, 180_000);
});
