import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { listOpenNotices } from "@/db/queries/billing-notices";
import { insertMemberCustomer } from "@/db/queries/member-stripe-customers";
import { billingNotices, mailOutbox } from "@/db/schema";
import { handleStripeWebhook } from "@/lib/webhooks/ingest";
import { createTestTenant, useTestDb } from "../helpers/db";
import { setStripeEnv } from "../helpers/stripe-env";
import { invoiceObject, makeEvent, newSecret, noFetch, setWebhookSecret, signedRequest } from "../helpers/webhooks";

let db: Db;
beforeAll(async () => {
  setStripeEnv();
  db = (await useTestDb()).db;
});

async function memberTenant(label: string) {
  const t = await createTestTenant(db, label);
  const secret = newSecret();
  await setWebhookSecret(db, { tenantId: t.tenant.id, mode: "test", secret });
  const customer = `cus_${randomUUID().slice(0, 12)}`;
  await insertMemberCustomer(db, { tenantId: t.tenant.id, userId: t.member.id, mode: "test", stripeCustomerId: customer });
  const deliver = (event: object) =>
    handleStripeWebhook(db, signedRequest({ tenantId: t.tenant.id, mode: "test" }, JSON.stringify(event), secret), { tenantId: t.tenant.id, mode: "test" }, { fetchLatest: noFetch });
  /** Each event twice at once and once more later, as Stripe's at-least-once delivery may. */
  const deliverTwice = async (event: object) => {
    const answers = await Promise.all([deliver(event), deliver(event)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    expect((await deliver(event)).headers.get("x-webhook-outcome")).toBe("duplicate");
  };
  return { ...t, customer, deliverTwice };
}

/** A renewal invoice whose off-session charge wants 3-D Secure (as the emulator sends it for the 3184 card). */
function renewal(customer: string, amount = 1900) {
  const id = `in_${randomUUID().slice(0, 10)}`;
  return { ...invoiceObject({ id, customer, subscription: "sub_renews", status: "open", amount }), collection_method: "charge_automatically", billing_reason: "subscription_cycle", attempt_count: 1, attempted: true };
}

const noticesOf = (tenantId: string, invoiceId: string) =>
  db.select().from(billingNotices).where(and(eq(billingNotices.tenantId, tenantId), eq(billingNotices.stripeInvoiceId, invoiceId)));
const mailsOf = (tenantId: string) => db.select().from(mailOutbox).where(and(eq(mailOutbox.tenantId, tenantId), eq(mailOutbox.template, "payment_action_required")));

describe("invoice.payment_action_required: the member's 'confirm with your bank' notice and mail", () => {
  it("opens one notice and queues one mail under duplicate delivery; the member's list shows it instead of the failed-payment notice; paying resolves both", async () => {
    const t = await memberTenant("action-notice");
    const invoice = renewal(t.customer);
    // Stripe sends both for a renewal that needs authentication.
    // (Seconds apart: a same-second tie would ask Stripe for the latest copy.)
    const at = Math.floor(Date.now() / 1000) - 60;
    await t.deliverTwice(makeEvent("invoice.payment_failed", invoice, { created: at }));
    await t.deliverTwice(makeEvent("invoice.payment_action_required", invoice, { created: at }));
    // A second event of the same attempt (a new id, e.g. from reconciliation) adds nothing either.
    await t.deliverTwice(makeEvent("invoice.payment_action_required", invoice, { created: at }));

    const notices = await noticesOf(t.tenant.id, invoice.id);
    expect(notices.map((n) => [n.kind, n.resolvedAt]).sort()).toEqual([
      ["payment_action_required", null],
      ["payment_failed", null],
    ]);
    const mails = await mailsOf(t.tenant.id);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.toAddress).toBe(t.member.email);
    expect(String((mails[0]?.data as { payUrl: string }).payUrl)).toBe(`http://portal.test/${t.tenant.slug}/billing/invoices/${invoice.id}/pay`);

    const shown = await listOpenNotices(db, { tenantId: t.tenant.id, userId: t.member.id });
    expect(shown.map((n) => [n.kind, n.stripeInvoiceId, n.amountDue])).toEqual([["payment_action_required", invoice.id, 1900]]);

    await t.deliverTwice(makeEvent("invoice.paid", { ...invoice, status: "paid", amount_paid: 1900, amount_remaining: 0 }, { created: at + 30 }));
    expect((await noticesOf(t.tenant.id, invoice.id)).every((n) => n.resolvedAt instanceof Date)).toBe(true);
    expect(await listOpenNotices(db, { tenantId: t.tenant.id, userId: t.member.id })).toEqual([]);

    // A late duplicate of the action event does not reopen it, and sends nothing more.
    await t.deliverTwice(makeEvent("invoice.payment_action_required", invoice, { created: at }));
    expect((await noticesOf(t.tenant.id, invoice.id)).every((n) => n.resolvedAt instanceof Date)).toBe(true);
    expect(await mailsOf(t.tenant.id)).toHaveLength(1);
  });

  it("arriving after the invoice was paid (out of order): no notice", async () => {
    const t = await memberTenant("action-late");
    const invoice = renewal(t.customer);
    await t.deliverTwice(makeEvent("invoice.paid", { ...invoice, status: "paid", amount_paid: 1900, amount_remaining: 0 }, { created: Math.floor(Date.now() / 1000) }));
    await t.deliverTwice(makeEvent("invoice.payment_action_required", invoice, { created: Math.floor(Date.now() / 1000) - 5 }));
    expect(await noticesOf(t.tenant.id, invoice.id)).toEqual([]);
    expect(await listOpenNotices(db, { tenantId: t.tenant.id })).toEqual([]);
  });
});
