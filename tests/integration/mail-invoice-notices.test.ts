// @requires-postgres: two app instances (pools and pg-boss workers) on one database.
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStripeEmulator, type StripeEmulator } from "@/tools/stripe-emulator/server";
import type { DbHandle } from "@/db/client";
import { insertMemberCustomer } from "@/db/queries/member-stripe-customers";
import { optOut } from "@/db/queries/notice-preferences";
import { upsertStripeSettings } from "@/db/queries/stripe-settings";
import { mailOutbox } from "@/db/schema";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { resetEnvCache } from "@/lib/env";
import { openJobQueue, type JobQueue } from "@/lib/jobs/job-queue";
import { runWorkers } from "@/lib/jobs/run-workers";
import { startJobs, stopJobs } from "@/lib/jobs/runtime";
import { readUnsubscribeToken } from "@/lib/mail/notice-preferences";
import { resetMailTransport } from "@/lib/mail/transport";
import { reconcileEvents } from "@/lib/reconcile/reconcile-events";
import { handleStripeWebhook } from "@/lib/webhooks/ingest";
import { createTestTenant } from "../helpers/db";
import { usePrivatePostgres } from "../helpers/private-db";
import { eventually, startSmtpCatcher } from "../helpers/smtp-catcher";
import { setStripeEnv } from "../helpers/stripe-env";
import { invoiceObject, makeEvent, newSecret, noFetch, setWebhookSecret, signedRequest } from "../helpers/webhooks";

let a: DbHandle;
let b: DbHandle;
let bossB: JobQueue;
let emulator: StripeEmulator;
let smtp: Awaited<ReturnType<typeof startSmtpCatcher>>;

beforeAll(async () => {
  emulator = await startStripeEmulator({ port: 0 });
  smtp = await startSmtpCatcher();
  setStripeEnv({ STRIPE_API_BASE: emulator.url, SMTP_URL: smtp.url });
  resetEnvCache();
  resetMailTransport();
  const db = await usePrivatePostgres();
  a = db.handle;
  b = await db.open();
  await startJobs(a, { work: true, pollingIntervalSeconds: 0.5 });
  bossB = await openJobQueue(b);
  await runWorkers(bossB, b.db, { pollingIntervalSeconds: 0.5 });
});

afterAll(async () => {
  await stopJobs();
  await bossB.stop({ graceful: false, timeout: 1000 });
  resetMailTransport();
  await smtp.close();
  await emulator.close();
  delete process.env.SMTP_URL;
  delete process.env.STRIPE_API_BASE;
  resetEnvCache();
});

async function memberTenant(label: string) {
  const t = await createTestTenant(a.db, label);
  const secret = newSecret();
  await setWebhookSecret(a.db, { tenantId: t.tenant.id, mode: "test", secret });
  const customer = `cus_${randomUUID().slice(0, 12)}`;
  await insertMemberCustomer(a.db, { tenantId: t.tenant.id, userId: t.member.id, mode: "test", stripeCustomerId: customer });
  const deliver = (handle: DbHandle, event: object) =>
    handleStripeWebhook(handle.db, signedRequest({ tenantId: t.tenant.id, mode: "test" }, JSON.stringify(event), secret), { tenantId: t.tenant.id, mode: "test" }, { fetchLatest: noFetch });
  /** Each event twice at once (two instances) and once more later: a duplicate. */
  const deliverTwice = async (event: object) => {
    const answers = await Promise.all([deliver(a, event), deliver(b, event)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    expect((await deliver(b, event)).headers.get("x-webhook-outcome")).toBe("duplicate");
  };
  return { ...t, customer, deliver, deliverTwice };
}

const settle = () => new Promise((r) => setTimeout(r, 1500));
const rowsOf = (tenantId: string, template: string) => a.db.select().from(mailOutbox).where(and(eq(mailOutbox.tenantId, tenantId), eq(mailOutbox.template, template)));

function sentInvoice(o: { customer: string; amount: number }) {
  const id = `in_${randomUUID().slice(0, 10)}`;
  return { ...invoiceObject({ id, customer: o.customer, subscription: "sub_none", status: "open", amount: o.amount }), parent: null, collection_method: "send_invoice", number: "MP-0042", due_date: 1_900_000_000, hosted_invoice_url: `https://invoice.stripe.test/${id}`, attempt_count: 0 };
}

describe("invoice, authentication and renewal mail, exactly once", () => {
  it("one 'invoice sent' mail per invoice (finalized by the portal, then sent from the Dashboard, each delivered twice), with both pay links", async () => {
    const t = await memberTenant("mail-invoice");
    const invoice = sentInvoice({ customer: t.customer, amount: 4200 });
    await t.deliverTwice(makeEvent("invoice.finalized", invoice));
    await t.deliverTwice(makeEvent("invoice.sent", invoice));
    await eventually(() => smtp.to(t.member.email).length >= 1, { what: "the invoice mail" });
    await settle();
    const mails = smtp.to(t.member.email);
    expect(mails.map((m) => m.subject)).toEqual([`Invoice MP-0042 from ${t.tenant.name}: $42.00`]);
    expect(mails[0]?.text).toContain(`http://portal.test/${t.tenant.slug}/billing/invoices/${invoice.id}/pay`);
    expect(mails[0]?.text).toContain(invoice.hosted_invoice_url);
    // A transactional mail: no unsubscribe link or header.
    expect(mails[0]?.headerLines.some((h) => h.key === "list-unsubscribe")).toBe(false);
    expect(await rowsOf(t.tenant.id, "invoice_sent")).toHaveLength(1);

    // A customer the portal does not know gets nothing; a paid or charge_automatically invoice neither.
    await t.deliverTwice(makeEvent("invoice.finalized", sentInvoice({ customer: "cus_stranger", amount: 100 })));
    await t.deliverTwice(makeEvent("invoice.finalized", { ...sentInvoice({ customer: t.customer, amount: 100 }), collection_method: "charge_automatically" }));
    await settle();
    expect(smtp.to(t.member.email)).toHaveLength(1);
  });

  it("one 'confirm your payment' mail per attempt that needs 3-D Secure, linking the portal's pay page", async () => {
    const t = await memberTenant("mail-3ds");
    const invoice = { ...sentInvoice({ customer: t.customer, amount: 2900 }), collection_method: "charge_automatically", attempt_count: 1 };
    await t.deliverTwice(makeEvent("invoice.payment_action_required", invoice));
    await eventually(() => smtp.to(t.member.email).length >= 1, { what: "the authentication mail" });
    await settle();
    const [mail] = smtp.to(t.member.email);
    expect(mail?.subject).toBe(`Confirm your payment of $29.00 to ${t.tenant.name}`);
    expect(mail?.text).toContain(`/${t.tenant.slug}/billing/invoices/${invoice.id}/pay`);
    expect(smtp.to(t.member.email)).toHaveLength(1);
  });

  it("renewal reminders: once per renewal, with an unsubscribe link and one-click header; skipped with the reason once turned off", async () => {
    const t = await memberTenant("mail-renewal");
    const upcoming = { ...invoiceObject({ id: "", customer: t.customer, subscription: "sub_renew", status: "draft", amount: 1500 }), id: undefined, lines: { object: "list", data: [{ period: { start: 1_900_000_000, end: 1_902_592_000 } }], has_more: false } };
    await t.deliverTwice(makeEvent("invoice.upcoming", upcoming));
    // Stripe sends a new upcoming event (another id) for the same renewal: still one mail.
    await t.deliverTwice(makeEvent("invoice.upcoming", upcoming));
    await eventually(() => smtp.to(t.member.email).length >= 1, { what: "the renewal reminder" });
    await settle();
    const mails = smtp.to(t.member.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toMatch(/membership renews on /);
    const rawHeader = (key: string) => mails[0]?.headerLines.find((h) => h.key === key)?.line.replace(/^[^:]+:\s*/, "").replace(/\r?\n\s*/g, "") ?? "";
    const header = rawHeader("list-unsubscribe");
    expect(header).toMatch(/^<http:\/\/portal\.test\/api\/mail\/unsubscribe\?token=/);
    expect(rawHeader("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    const token = decodeURIComponent(/token=([^>]+)>/.exec(header)![1]!);
    expect(readUnsubscribeToken(token)).toEqual({ tenantId: t.tenant.id, userId: t.member.id, notice: "renewal_upcoming" });
    expect(mails[0]?.text).toContain("Unsubscribe from these notices");

    // Turned off: the next renewal's reminder is recorded as skipped, with the reason, and not sent.
    await optOut(a.db, { tenantId: t.tenant.id, userId: t.member.id, notice: "renewal_upcoming", source: "settings" });
    const next = { ...upcoming, lines: { ...upcoming.lines, data: [{ period: { start: 1_902_592_000, end: 1_905_184_000 } }] } };
    await t.deliverTwice(makeEvent("invoice.upcoming", next));
    await settle();
    expect(smtp.to(t.member.email)).toHaveLength(1);
    const rows = await rowsOf(t.tenant.id, "renewal_upcoming");
    expect(rows.map((r) => r.status).sort()).toEqual(["sent", "skipped"]);
    expect(rows.find((r) => r.status === "skipped")?.lastError).toBe("Not sent: the member turned this notice off.");
  });

  it("writes no invoice mail when the event rolls back", async () => {
    const t = await memberTenant("mail-invoice-rollback");
    await a.db.execute(sql.raw(`
      create or replace function test_refuse_invoice_mail() returns trigger language plpgsql as $$
      begin if new.template = 'invoice_sent' and new.tenant_id = '${t.tenant.id}' then raise exception 'mail store unavailable'; end if; return new; end $$;
      create constraint trigger test_refuse_invoice_mail after insert on mail_outbox deferrable initially deferred for each row execute function test_refuse_invoice_mail();`));
    try {
      expect((await t.deliver(a, makeEvent("invoice.finalized", sentInvoice({ customer: t.customer, amount: 900 })))).status).toBe(500);
    } finally {
      await a.db.execute(sql.raw(`drop trigger test_refuse_invoice_mail on mail_outbox; drop function test_refuse_invoice_mail();`));
    }
    await settle();
    expect(await rowsOf(t.tenant.id, "invoice_sent")).toHaveLength(0);
    expect(smtp.to(t.member.email)).toHaveLength(0);
  });

  it("alerts the admins once when Stripe refuses the key on the hourly check, however often it runs", async () => {
    const t = await createTestTenant(a.db, "mail-disconnected");
    const account = await emulator.createAccount({ mode: "test", name: "revoked" });
    await upsertStripeSettings(a.db, { tenantId: t.tenant.id, mode: "test", patch: { secretKeyEnc: encryptSecret(account.secretKey), publishableKey: account.publishableKey } });
    await fetch(`${emulator.url}/_emulator/accounts/${account.id}/revoke-keys`, { method: "POST" });
    const scope = { tenantId: t.tenant.id, mode: "test" as const };
    const base = new URL(emulator.url);
    const client = new Stripe(account.secretKey, { host: base.hostname, port: Number(base.port), protocol: "http", maxNetworkRetries: 0 });
    await expect(reconcileEvents(a.db, scope, { client })).rejects.toThrow();
    await expect(reconcileEvents(b.db, scope, { client })).rejects.toThrow();
    await eventually(() => smtp.to(t.admin.email).length >= 1, { what: "the disconnected alert" });
    await settle();
    const mails = smtp.to(t.admin.email);
    expect(mails.map((m) => m.subject)).toEqual([`[${t.tenant.name}] Stripe refused the portal's test-mode key`]);
    expect(mails[0]?.text).not.toContain(account.secretKey);
    expect(smtp.to(t.member.email)).toHaveLength(0);
  });
});
