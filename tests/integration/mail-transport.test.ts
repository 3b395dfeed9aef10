import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { mailOutbox } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { enqueueMail } from "@/lib/mail/enqueue-mail";
import { sendOutboxMail } from "@/lib/mail/send-outbox-mail";
import { mailTransport, resetMailTransport } from "@/lib/mail/transport";
import { useTestDb } from "../helpers/db";

let db: Db;
const saved = { NODE_ENV: process.env.NODE_ENV, SMTP_URL: process.env.SMTP_URL, MAIL_SINK: process.env.MAIL_SINK };

beforeAll(async () => {
  db = (await useTestDb()).db;
});

afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete (process.env as Record<string, string | undefined>)[k];
    else (process.env as Record<string, string | undefined>)[k] = v;
  }
  resetEnvCache();
  resetMailTransport();
});

function configure(values: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) delete (process.env as Record<string, string | undefined>)[k];
    else (process.env as Record<string, string | undefined>)[k] = v;
  }
  resetEnvCache();
  resetMailTransport();
}

async function oneMail() {
  const key = `reset-test:${randomUUID()}`;
  await enqueueMail(db, { tenantId: null, dedupeKey: key, to: `someone-${randomUUID().slice(0, 6)}@example.test`, template: "password_reset", data: { resetUrl: "http://localhost:3000/reset-password/x", expiresMinutes: 60 } });
  const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.dedupeKey, key));
  return row!;
}

describe("where mail goes without SMTP_URL", () => {
  it("development: through SMTP to the in-process sink; a link-carrying mail keeps neither its text nor its link", async () => {
    configure({ NODE_ENV: "development", SMTP_URL: undefined, MAIL_SINK: undefined });
    expect((await mailTransport())?.sink).toBe(true);
    const row = await oneMail();
    expect(await sendOutboxMail(db, { outboxId: row.id, lastAttempt: false })).toBe("sent");
    const [sent] = await db.select().from(mailOutbox).where(eq(mailOutbox.id, row.id));
    expect(sent).toMatchObject({ status: "sent", textPreview: null, data: { redacted: true }, attempts: 1 });
    // A retry of the same job after success does nothing.
    expect(await sendOutboxMail(db, { outboxId: row.id, lastAttempt: false })).toBe("already_done");
  });

  it("production: not sent and kept as skipped, unless MAIL_SINK=1 (the demo)", async () => {
    configure({ NODE_ENV: "production", SMTP_URL: undefined, MAIL_SINK: undefined, MEMBERPULSE_ALLOW_DEV_SECRETS: "1" });
    expect(await mailTransport()).toBeNull();
    const row = await oneMail();
    expect(await sendOutboxMail(db, { outboxId: row.id, lastAttempt: false })).toBe("skipped");
    const [skipped] = await db.select().from(mailOutbox).where(eq(mailOutbox.id, row.id));
    expect(skipped?.status).toBe("skipped");
    expect(skipped?.lastError).toContain("SMTP_URL");

    configure({ MAIL_SINK: "1" });
    expect((await mailTransport())?.sink).toBe(true);
    delete process.env.MEMBERPULSE_ALLOW_DEV_SECRETS;
  });
});
