// @requires-postgres: two app instances (pools and pg-boss workers) on one database.
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { insertMemberCustomer } from "@/db/queries/member-stripe-customers";
import { mailOutbox, webhookEvents } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { openJobQueue, type JobQueue } from "@/lib/jobs/job-queue";
import { runWorkers } from "@/lib/jobs/run-workers";
import { startJobs, stopJobs } from "@/lib/jobs/runtime";
import { resetMailTransport } from "@/lib/mail/transport";
import { handleStripeWebhook } from "@/lib/webhooks/ingest";
import { replayWebhookEvent } from "@/lib/webhooks/replay";
import { createTestTenant } from "../helpers/db";
import { usePrivatePostgres } from "../helpers/private-db";
import { eventually, startSmtpCatcher } from "../helpers/smtp-catcher";
import { invoiceObject, makeEvent, newSecret, noFetch, paymentIntentObject, setWebhookSecret, signedRequest } from "../helpers/webhooks";

let a: DbHandle;
let b: DbHandle;
let bossB: JobQueue;
let smtp: Awaited<ReturnType<typeof startSmtpCatcher>>;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  process.env.SMTP_URL = smtp.url;
  resetEnvCache();
  resetMailTransport();
  const db = await usePrivatePostgres();
  a = db.handle;
  b = await db.open();
  // Instance A is "this process" (its ingest nudges its relay); B is another server or `npm run worker`.
  await startJobs(a, { work: true, pollingIntervalSeconds: 0.5 });
  bossB = await openJobQueue(b);
  await runWorkers(bossB, b.db, { pollingIntervalSeconds: 0.5 });
});

afterAll(async () => {
  await stopJobs();
  await bossB.stop({ graceful: false, timeout: 1000 });
  resetMailTransport();
  await smtp.close();
  delete process.env.SMTP_URL;
  resetEnvCache();
});

async function memberTenant(label: string) {
  const t = await createTestTenant(a.db, label);
  const secret = newSecret();
  await setWebhookSecret(a.db, { tenantId: t.tenant.id, mode: "test", secret });
  const customer = `cus_${randomUUID().slice(0, 12)}`;
  await insertMemberCustomer(a.db, { tenantId: t.tenant.id, userId: t.member.id, mode: "test", stripeCustomerId: customer });
  const deliver = (handle: DbHandle, event: object) => {
    const payload = JSON.stringify(event);
    return handleStripeWebhook(handle.db, signedRequest({ tenantId: t.tenant.id, mode: "test" }, payload, secret), { tenantId: t.tenant.id, mode: "test" }, { fetchLatest: noFetch });
  };
  return { ...t, customer, deliver };
}

const settle = () => new Promise((r) => setTimeout(r, 2000));

describe("mail from webhook events, exactly once", () => {
  it("sends one receipt, one payment-failed and one refund mail though each cause arrives twice, at two instances at once", async () => {
    const t = await memberTenant("mail-once");
    const paid = makeEvent("invoice.paid", { ...invoiceObject({ id: `in_${randomUUID().slice(0, 10)}`, customer: t.customer, subscription: "sub_x", status: "paid", amount: 2900 }), number: "MP-0001", attempt_count: 1 });
    const failedInvoiceId = `in_${randomUUID().slice(0, 10)}`;
    const failed = makeEvent("invoice.payment_failed", { ...invoiceObject({ id: failedInvoiceId, customer: t.customer, subscription: "sub_x", status: "open", amount: 2900 }), attempt_count: 2 });
    const pi = `pi_${randomUUID().slice(0, 12)}`;
    const payment = makeEvent("payment_intent.succeeded", paymentIntentObject({ id: pi, status: "succeeded", amount: 5000, customer: t.customer }));
    const refundObject = { id: `re_${randomUUID().slice(0, 12)}`, object: "refund", amount: 1500, currency: "usd", status: "succeeded", payment_intent: pi, charge: null, reason: null, created: 1_700_000_000 };
    const refundCreated = makeEvent("refund.created", refundObject);
    const refundUpdated = makeEvent("refund.updated", refundObject, { created: refundCreated.created + 1 });

    for (const event of [paid, failed, payment, refundCreated, refundUpdated]) {
      const answers = await Promise.all([t.deliver(a, event), t.deliver(b, event)]);
      expect(answers.map((r) => r.status)).toEqual([200, 200]);
      expect((await t.deliver(b, event)).headers.get("x-webhook-outcome")).toBe("duplicate");
    }

    await eventually(() => smtp.to(t.member.email).length >= 3, { what: "three mails" });
    await settle();
    const subjects = smtp.to(t.member.email).map((m) => m.subject).sort();
    expect(subjects).toEqual([`Payment failed: $29.00 to ${t.tenant.name}`, `Receipt from ${t.tenant.name}: $29.00`, `Refund from ${t.tenant.name}: $15.00`].sort());
    const failedMail = smtp.to(t.member.email).find((m) => m.subject?.startsWith("Payment failed"));
    expect(failedMail?.text).toContain("Pay now");
    expect(failedMail?.text).toContain(`/billing/invoices/${failedInvoiceId}/pay`);
    const rows = await a.db.select().from(mailOutbox).where(eq(mailOutbox.tenantId, t.tenant.id));
    expect(rows.map((r) => r.status)).toEqual(["sent", "sent", "sent"]);
  });

  it("writes no mail when the cause rolls back, alerts the admins once, and sends the receipt once after the replay", async () => {
    const t = await memberTenant("mail-rollback");
    // The receipt's own insert succeeds, then the commit fails: everything the event wrote rolls back.
    await a.db.execute(sql.raw(`
      create or replace function test_refuse_receipt() returns trigger language plpgsql as $$
      begin if new.template = 'payment_receipt' and new.tenant_id = '${t.tenant.id}' then raise exception 'mail store unavailable'; end if; return new; end $$;
      create constraint trigger test_refuse_receipt after insert on mail_outbox deferrable initially deferred for each row execute function test_refuse_receipt();`));
    const paid = makeEvent("invoice.paid", { ...invoiceObject({ id: `in_${randomUUID().slice(0, 10)}`, customer: t.customer, subscription: "sub_y", status: "paid", amount: 1200 }), attempt_count: 1 });
    try {
      expect((await t.deliver(a, paid)).status).toBe(500);
      expect((await t.deliver(b, paid)).status).toBe(500);
    } finally {
      await a.db.execute(sql.raw(`drop trigger test_refuse_receipt on mail_outbox; drop function test_refuse_receipt();`));
    }
    await eventually(() => smtp.to(t.admin.email).length === 1, { what: "the admins' alert" });
    const [alert] = smtp.to(t.admin.email);
    expect(alert?.subject).toBe(`[${t.tenant.name}] A Stripe test-mode event could not be processed`);
    expect(alert?.text).toContain(paid.id);
    expect(alert?.text).not.toContain("mail store unavailable");

    const [stored] = await a.db.select().from(webhookEvents).where(and(eq(webhookEvents.tenantId, t.tenant.id), eq(webhookEvents.eventId, paid.id)));
    expect(stored?.status).toBe("failed");
    expect(await a.db.select().from(mailOutbox).where(and(eq(mailOutbox.tenantId, t.tenant.id), eq(mailOutbox.template, "payment_receipt")))).toHaveLength(0);

    // Fixed: the admin replays it (twice, as a double click would), Stripe retries it too.
    const replays = await Promise.all([replayWebhookEvent(a.db, { tenantId: t.tenant.id, id: stored!.id }, { fetchLatest: noFetch }), replayWebhookEvent(b.db, { tenantId: t.tenant.id, id: stored!.id }, { fetchLatest: noFetch })]);
    expect(replays.filter((r) => r.ok && r.outcome === "processed")).toHaveLength(1);
    expect((await t.deliver(b, paid)).headers.get("x-webhook-outcome")).toBe("duplicate");
    await eventually(() => smtp.to(t.member.email).length === 1, { what: "the receipt" });
    await settle();
    expect(smtp.to(t.member.email)).toHaveLength(1);
    expect(smtp.to(t.admin.email)).toHaveLength(1);
  });

  it("retries through a struggling SMTP server and still sends once", async () => {
    const t = await memberTenant("mail-retry");
    smtp.failNext(1);
    const paid = makeEvent("invoice.paid", { ...invoiceObject({ id: `in_${randomUUID().slice(0, 10)}`, customer: t.customer, subscription: "sub_z", status: "paid", amount: 700 }), attempt_count: 1 });
    expect((await t.deliver(a, paid)).status).toBe(200);
    // First try refused (451); pg-boss retries after its back-off (30 s base): run it sooner here.
    await eventually(async () => (await a.db.select().from(mailOutbox).where(eq(mailOutbox.tenantId, t.tenant.id)))[0]?.lastError !== null, { what: "the refused attempt" });
    const [row] = await a.db.select().from(mailOutbox).where(eq(mailOutbox.tenantId, t.tenant.id));
    expect(row?.lastError).toContain("451");
    await bossB.retry("mail.send", row!.jobId!).catch(() => undefined);
    await a.db.execute(sql`update pgboss.job set start_after = now() where id = ${row!.jobId!}::uuid and state = 'retry'`);
    await eventually(() => smtp.to(t.member.email).length === 1, { timeoutMs: 20_000, what: "the retried receipt" });
    await settle();
    expect(smtp.to(t.member.email)).toHaveLength(1);
    const [sent] = await a.db.select().from(mailOutbox).where(eq(mailOutbox.tenantId, t.tenant.id));
    expect(sent?.status).toBe("sent");
    expect(sent?.attempts).toBe(2);
  });
});
