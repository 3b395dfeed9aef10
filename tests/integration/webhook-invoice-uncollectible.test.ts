import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { billingNotices, invoices } from "@/db/schema";
import { processEvent } from "@/lib/webhooks/process-event";
import { createTestTenant, useTestDb } from "../helpers/db";
import { invoiceObject, makeEvent, noFetch } from "../helpers/webhooks";

/*
 * An invoice the tenant writes off (`invoice.marked_uncollectible`): the portal shows it as
 * uncollectible and stops asking the member to pay it — on either path, in either order.
 */

let db: Db;
const t = 1_790_200_000;

beforeAll(async () => {
  db = (await useTestDb()).db;
});

const invoice = (status: Stripe.Invoice.Status) => invoiceObject({ id: "in_wo", customer: "cus_wo", subscription: "sub_wo", status, amount: 900 });

async function stateAfter(order: "in order" | "late failure", fastPath: boolean) {
  const { tenant } = await createTestTenant(db, "writeoff");
  const events = [
    makeEvent("invoice.finalized", invoice("open"), { created: t }),
    makeEvent("invoice.payment_failed", invoice("open"), { created: t + 1 }),
    makeEvent("invoice.marked_uncollectible", invoice("uncollectible"), { created: t + 2 }),
  ];
  if (order === "late failure") events.push(events.splice(1, 1)[0]!);
  for (const e of events) await processEvent(db, { tenantId: tenant.id, mode: "test" }, e as Stripe.Event, JSON.stringify(e), { fetchLatest: noFetch, fastPath });
  const [row] = await db.select({ status: invoices.status }).from(invoices).where(eq(invoices.tenantId, tenant.id));
  const open = await db.select().from(billingNotices).where(and(eq(billingNotices.tenantId, tenant.id)));
  return { status: row?.status, openNotices: open.filter((n) => n.resolvedAt === null).length };
}

describe("invoice.marked_uncollectible", () => {
  for (const fastPath of [true, false]) {
    for (const order of ["in order", "late failure"] as const) {
      it(`${order}, ${fastPath ? "fast path" : "transaction only"}: uncollectible, no open notice`, async () => {
        expect(await stateAfter(order, fastPath)).toEqual({ status: "uncollectible", openNotices: 0 });
      });
    }
  }
});
