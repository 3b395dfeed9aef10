import { and, eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { Db } from "@/db/client";
import { billingNotices, invoices } from "@/db/schema";
import { openPaymentFailedNotice } from "@/db/queries/billing-notices";
import { processEvent } from "@/lib/webhooks/process-event";
import { createTestTenant, useTestDb } from "../helpers/db";
import { invoiceObject, makeEvent, noFetch } from "../helpers/webhooks";

/*
 * The race seen once in webhook-histories ("two app instances, 50 in flight"): an
 * `invoice.payment_failed` on the general path locks the open invoice, opens a notice and commits
 * while the `invoice.voided` of the same second waits on that lock inside its one fast statement.
 * The fast statement's snapshot predates the notice, so resolving notices inside it finds none; the
 * voided invoice must still end with no open notice.
 */

let db: Db;
const t = 1_790_100_000;

beforeAll(async () => {
  db = (await useTestDb()).db;
});

const deliver = (tenantId: string, event: object) => processEvent(db, { tenantId, mode: "test" }, event as Stripe.Event, JSON.stringify(event), { fetchLatest: noFetch });

async function openNotices(tenantId: string, invoiceId: string) {
  return db
    .select({ id: billingNotices.id })
    .from(billingNotices)
    .where(and(eq(billingNotices.tenantId, tenantId), eq(billingNotices.stripeInvoiceId, invoiceId), sql`${billingNotices.resolvedAt} is null`));
}

// Two connections at once: Postgres only (the embedded database has one; CI always has Postgres).
describe.runIf(inject("databaseUrl"))("a settled invoice and a concurrent failed payment", () => {
  for (const [type, status] of [
    ["invoice.voided", "void"],
    ["invoice.paid", "paid"],
  ] as const) {
    it(`${type} resolves the notice a concurrent payment_failed committed while it waited`, async () => {
      const { tenant } = await createTestTenant(db, "race");
      const invoice = (s: Stripe.Invoice.Status) => invoiceObject({ id: "in_race", customer: "cus_race", subscription: "sub_race", status: s, amount: 1500 });
      await deliver(tenant.id, makeEvent("invoice.finalized", invoice("open"), { created: t }));

      let settled: Promise<Awaited<ReturnType<typeof deliver>>> | undefined;
      await db.transaction(async (tx) => {
        // What the payment_failed transaction does: lock the open invoice, then open the notice.
        await tx.execute(sql`select 1 from ${invoices} where ${invoices.tenantId} = ${tenant.id} and ${invoices.stripeInvoiceId} = 'in_race' for update`);
        await openPaymentFailedNotice(tx, { tenantId: tenant.id, mode: "test", stripeInvoiceId: "in_race", stripeCustomerId: "cus_race", stripeSubscriptionId: "sub_race", amountDue: 1500, currency: "usd", message: "The payment failed." });
        // The settling event arrives now, on another connection, and waits for the invoice lock.
        settled = deliver(tenant.id, makeEvent(type, invoice(status), { created: t + 1 }));
        await waitForLockWaiter();
      });
      const result = await settled!;

      expect(result.outcome).toBe("processed");
      const [row] = await db.select({ status: invoices.status }).from(invoices).where(and(eq(invoices.tenantId, tenant.id), eq(invoices.stripeInvoiceId, "in_race")));
      expect(row?.status).toBe(status);
      expect(await openNotices(tenant.id, "in_race")).toEqual([]);
    });
  }
});

/** Until some backend waits on a row lock (the settling delivery), at most 5 s. */
async function waitForLockWaiter() {
  for (let i = 0; i < 100; i++) {
    const rows = await db.execute<{ n: number }>(sql`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`);
    if ((rows as unknown as { n: number }[])[0]?.n) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("the settling delivery never waited on the invoice lock");
}
