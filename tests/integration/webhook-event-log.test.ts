import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { listWebhookEvents } from "@/db/queries/webhook-events";
import { webhookEvents } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { EventList } from "@/components/admin/webhooks/event-list";
import { cursorOf, eventLogQuery, parseEventLogFilter } from "@/lib/webhooks/event-log-filter";
import { loadEventLogPage } from "@/lib/webhooks/event-log-view";
import { createTestTenant, useTestDb } from "../helpers/db";

let db: Db;
let tenantId: string;

beforeAll(async () => {
  db = (await useTestDb()).db;
  tenantId = (await createTestTenant(db, "log")).tenant.id;
  // 60 events written in one transaction share received_at (now() is the transaction's time):
  // pagination must still neither skip nor repeat any of them.
  await db.transaction(async (tx) => {
    for (let i = 0; i < 60; i++) {
      await tx.insert(webhookEvents).values({
        tenantId,
        mode: i % 10 === 0 ? "live" : "test",
        eventId: `evt_log_${i}`,
        type: i % 3 === 0 ? "invoice.paid" : "customer.created",
        livemode: i % 10 === 0,
        stripeCreated: 1_700_000_000 + i,
        payload: { id: `evt_log_${i}` },
        status: i % 7 === 0 ? "failed" : "processed",
        attempts: 1,
        receivedAt: sql`now()`,
      });
    }
  });
});

describe("the admin event log", () => {
  it("keyset pages cover every event exactly once, even with identical timestamps", async () => {
    const seen: string[] = [];
    let before: { receivedAt: string; id: string } | undefined;
    for (let page = 0; page < 10; page++) {
      const { rows, hasMore } = await listWebhookEvents(db, { tenantId, limit: 25, ...(before ? { before } : {}) });
      seen.push(...rows.map((r) => r.eventId));
      if (!hasMore) break;
      const last = rows.at(-1)!;
      // Round-trip the cursor through the URL, as the page does.
      before = parseEventLogFilter({ before: cursorOf(last) }).before;
      expect(before).toBeDefined();
    }
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
  });

  it("lists both modes newest first, page after page (two ordered reads merged)", async () => {
    const { tenant } = await createTestTenant(db, "log-order");
    await db.insert(webhookEvents).values(
      Array.from({ length: 40 }, (_, i) => ({
        tenantId: tenant.id,
        mode: (i % 3 === 0 ? "live" : "test") as "live" | "test",
        eventId: `evt_order_${i}`,
        type: "customer.created",
        livemode: i % 3 === 0,
        stripeCreated: 1_700_000_000 + i,
        payload: { id: `evt_order_${i}` },
        status: "processed" as const,
        attempts: 1,
        receivedAt: new Date(Date.UTC(2026, 10, 1, 12, 0, i)),
      })),
    );
    const seen: string[] = [];
    let before: { receivedAt: string; id: string } | undefined;
    for (let page = 0; page < 5; page++) {
      const { rows, hasMore } = await listWebhookEvents(db, { tenantId: tenant.id, limit: 15, ...(before ? { before } : {}) });
      seen.push(...rows.map((r) => r.eventId));
      if (!hasMore) break;
      before = parseEventLogFilter({ before: cursorOf(rows.at(-1)!) }).before;
    }
    expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => `evt_order_${39 - i}`));
  });

  it("filters by type, status, mode and date", async () => {
    const failedInvoices = await listWebhookEvents(db, { tenantId, type: "invoice.paid", status: "failed", limit: 100 });
    expect(failedInvoices.rows.map((r) => r.eventId).sort()).toEqual(["evt_log_0", "evt_log_21", "evt_log_42"].sort());
    expect((await listWebhookEvents(db, { tenantId, mode: "live", limit: 100 })).rows).toHaveLength(6);
    expect((await listWebhookEvents(db, { tenantId, eventId: "evt_log_7", limit: 100 })).rows.map((r) => r.eventId)).toEqual(["evt_log_7"]);
    const f = parseEventLogFilter({ from: "2001-01-01", to: "2001-01-02" });
    expect((await listWebhookEvents(db, { tenantId, ...f, limit: 100 })).rows).toHaveLength(0);
    // A range around today finds them all; a live-mode page of failed events inside it, the one.
    const today = new Date().toISOString().slice(0, 10);
    const around = parseEventLogFilter({ from: "2001-01-01", to: today });
    expect((await listWebhookEvents(db, { tenantId, ...around, limit: 100 })).rows).toHaveLength(60);
    expect((await listWebhookEvents(db, { tenantId, ...around, mode: "live", status: "failed", limit: 100 })).rows.map((r) => r.eventId).sort()).toEqual(["evt_log_0"]);
    const other = (await createTestTenant(db, "log2")).tenant.id;
    expect((await listWebhookEvents(db, { tenantId: other, limit: 100 })).rows).toHaveLength(0);
  });

  it("drops malformed query parameters instead of failing", () => {
    expect(parseEventLogFilter({ status: "bogus", type: "x'; drop", from: "yesterday", before: "nope", mode: "prod" })).toEqual({});
    expect(parseEventLogFilter({ event: "evt_log_3", replayed: "processed" })).toEqual({ eventId: "evt_log_3", replayed: "processed" });
    const f = parseEventLogFilter({ type: "invoice.paid", status: "failed", from: "2026-01-01" });
    expect(eventLogQuery(f)).toBe("?type=invoice.paid&status=failed&from=2026-01-01");
  });

  it("only admins may view or replay webhook events", () => {
    expect(can("ROLE_CLIENT_ADMIN", "webhooks.view")).toBe(true);
    expect(can("ROLE_CLIENT_ADMIN", "webhooks.replay")).toBe(true);
    expect(can("ROLE_MEMBER", "webhooks.view")).toBe(false);
    expect(can("ROLE_MEMBER", "webhooks.replay")).toBe(false);
  });
});

describe("client secrets in the event log", () => {
  const PI_SECRET = "pi_3SecretTest0001_secret_Zq8UeBCvVnX2pLkR7mYtW3aQ";
  const SETI_SECRET = "seti_1SecretTest0002_secret_R4dZk0sQnV9bLp2XwYc7Ue1M";
  const CS_SECRET = "cs_test_a1SecretTest0003_secret_fidwbEhqYWAnPzpsdrZnZkZmNk";
  const payloads = [
    { type: "payment_intent.succeeded", object: { id: "pi_3SecretTest0001", object: "payment_intent", client_secret: PI_SECRET, next_action: { type: "redirect_to_url", redirect_to_url: { url: `https://portal.test/return?payment_intent_client_secret=${PI_SECRET}`, return_url: "https://portal.test/return" } } } },
    { type: "setup_intent.succeeded", object: { id: "seti_1SecretTest0002", object: "setup_intent", client_secret: SETI_SECRET } },
    { type: "invoice.finalized", object: { id: "in_1SecretTest", object: "invoice", confirmation_secret: { type: "payment_intent", client_secret: PI_SECRET } } },
    { type: "checkout.session.completed", object: { id: "cs_test_a1SecretTest0003", object: "checkout.session", client_secret: CS_SECRET } },
    { type: "customer.created", object: { id: "cus_secret", object: "customer", client_secret: "an-unknown-shape-of-secret-value" } },
  ];
  let secretsTenant: string;

  beforeAll(async () => {
    secretsTenant = (await createTestTenant(db, "log-secrets")).tenant.id;
    for (const [i, p] of payloads.entries()) {
      await db.insert(webhookEvents).values({
        tenantId: secretsTenant,
        mode: "test",
        eventId: `evt_secret_${i}`,
        type: p.type,
        livemode: false,
        stripeCreated: 1_700_000_000 + i,
        payload: { id: `evt_secret_${i}`, object: "event", type: p.type, data: { object: p.object } },
        status: "processed",
        attempts: 1,
      });
    }
  });

  it("the page's rows and rendered HTML show no client secret, only the masked form", async () => {
    const { rows } = await loadEventLogPage(db, { tenantId: secretsTenant, limit: 25 });
    expect(rows).toHaveLength(payloads.length);
    const html = renderToStaticMarkup(createElement(EventList, { slug: "log-secrets", rows, canReplay: false, filtered: false, timeZone: "UTC" }));
    for (const output of [JSON.stringify(rows), html]) {
      for (const secret of [PI_SECRET, SETI_SECRET, CS_SECRET, "an-unknown-shape-of-secret-value"]) expect(output).not.toContain(secret);
      expect(output).not.toMatch(/_secret_[A-Za-z0-9]{5,}/);
    }
    const pi = rows.find((r) => r.type === "payment_intent.succeeded")!.payload as { data: { object: { id: string; client_secret: string; next_action: { redirect_to_url: { url: string } } } } };
    // The intent stays identifiable; the secret part is masked like a key (last four only).
    expect(pi.data.object.client_secret).toBe("pi_3SecretTest0001_secret_…W3aQ");
    expect(pi.data.object.next_action.redirect_to_url.url).toBe("https://portal.test/return?payment_intent_client_secret=pi_3SecretTest0001_secret_…W3aQ");
    expect(pi.data.object.id).toBe("pi_3SecretTest0001");
    // The stored raw payload is untouched (replays need it as Stripe sent it).
    const [stored] = await db.select({ payload: webhookEvents.payload }).from(webhookEvents).where(sql`${webhookEvents.eventId} = 'evt_secret_0'`);
    expect(JSON.stringify(stored?.payload)).toContain(PI_SECRET);
  });
});
