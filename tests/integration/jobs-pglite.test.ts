import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type DbHandle } from "@/db/client";
import { migrate } from "@/db/migrate";
import { mailOutbox, operationLeases } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import type { JobQueue } from "@/lib/jobs/job-queue";
import { QUEUES, SCHEDULES } from "@/lib/jobs/queues";
import { nudgeMailRelay, startJobs, stopJobs } from "@/lib/jobs/runtime";
import { enqueueMail } from "@/lib/mail/enqueue-mail";
import { resetMailTransport } from "@/lib/mail/transport";
import { createTestTenant } from "../helpers/db";
import { eventually, startSmtpCatcher } from "../helpers/smtp-catcher";

// The embedded default: pg-boss runs on the one PGlite connection inside this process, beside the
// app's own transactions (as inside `next start` / `npm run demo`).
let handle: DbHandle;
let boss: JobQueue;
let smtp: Awaited<ReturnType<typeof startSmtpCatcher>>;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  process.env.SMTP_URL = smtp.url;
  resetEnvCache();
  resetMailTransport();
  handle = await openDb({ dir: "memory://" });
  await migrate(handle);
  boss = await startJobs(handle, { work: true, pollingIntervalSeconds: 0.5 });
});

afterAll(async () => {
  await stopJobs();
  await handle.close();
  resetMailTransport();
  await smtp.close();
  delete process.env.SMTP_URL;
  resetEnvCache();
});

const receipt = (tenantName: string) => ({ tenantName, amount: 2500, currency: "usd", description: "Gold plan", reference: "in_test", historyUrl: "http://localhost:3000/x/billing/history" });

describe("job queue on the embedded database", () => {
  it("sends a mail written in a committed transaction once, and none for a rolled-back one", async () => {
    const { tenant, member, admin } = await createTestTenant(handle.db, "pglite-mail");
    const key = `receipt:${randomUUID()}`;
    await handle.db.transaction(async (tx) => {
      expect(await enqueueMail(tx, { tenantId: tenant.id, dedupeKey: key, to: member.email, template: "payment_receipt", data: receipt(tenant.name) })).toBe(true);
      // The same cause again (a duplicate delivery in the same transaction): no second mail.
      expect(await enqueueMail(tx, { tenantId: tenant.id, dedupeKey: key, to: member.email, template: "payment_receipt", data: receipt(tenant.name) })).toBe(false);
    });
    await expect(
      handle.db.transaction(async (tx) => {
        await enqueueMail(tx, { tenantId: tenant.id, dedupeKey: `receipt:${randomUUID()}`, to: admin.email, template: "payment_receipt", data: receipt(tenant.name) });
        throw new Error("the cause fails");
      }),
    ).rejects.toThrow("the cause fails");
    await nudgeMailRelay();

    await eventually(() => smtp.to(member.email).length === 1, { what: "the receipt" });
    const [mail] = smtp.to(member.email);
    expect(mail?.subject).toBe(`Receipt from ${tenant.name}: $25.00`);
    expect(mail?.text).toContain("We received your payment of $25.00 for Gold plan");
    expect(mail?.html).toContain("View your payment history");
    // The sink has the message before the relay records it as sent (SMTP answers, then the row
    // is updated): wait for the record rather than reading it in that gap.
    const sentRow = async () => (await handle.db.select().from(mailOutbox).where(eq(mailOutbox.dedupeKey, key)))[0];
    await eventually(async () => (await sentRow())?.status === "sent", { what: "the outbox row marked sent" });
    const row = await sentRow();
    expect(mail?.messageId).toBe(`<${row?.id}@memberpulse.mail>`);
    expect(row?.textPreview).toContain("$25.00");

    // Give the queue time to (wrongly) send again or send the rolled-back one.
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.to(member.email)).toHaveLength(1);
    expect(smtp.to(admin.email)).toHaveLength(0);
  });

  it("registers the cron schedules and prunes expired leases when the prune job runs", async () => {
    const schedules = await boss.getSchedules();
    expect(schedules.map((s) => s.name).sort()).toEqual(SCHEDULES.map((s) => s.queue).sort());
    expect(schedules.find((s) => s.name === QUEUES.prune)?.cron).toBe("*/15 * * * *");
    const stale = `test:${randomUUID()}`;
    const live = `test:${randomUUID()}`;
    await handle.db.insert(operationLeases).values([
      { key: stale, holder: randomUUID(), expiresAt: sql`now() - interval '2 hours'` },
      { key: live, holder: randomUUID(), expiresAt: sql`now() + interval '1 minute'` },
    ]);
    await boss.send(QUEUES.prune, {});
    await eventually(async () => (await handle.db.select().from(operationLeases).where(eq(operationLeases.key, stale))).length === 0, { what: "the prune job" });
    expect(await handle.db.select().from(operationLeases).where(eq(operationLeases.key, live))).toHaveLength(1);
  });
});
