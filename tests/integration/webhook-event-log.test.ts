import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { listWebhookEvents } from "@/db/queries/webhook-events";
import { webhookEvents } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { cursorOf, eventLogQuery, parseEventLogFilter } from "@/lib/webhooks/event-log-filter";
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

  it("filters by type, status, mode and date", async () => {
    const failedInvoices = await listWebhookEvents(db, { tenantId, type: "invoice.paid", status: "failed", limit: 100 });
    expect(failedInvoices.rows.map((r) => r.eventId).sort()).toEqual(["evt_log_0", "evt_log_21", "evt_log_42"].sort());
    expect((await listWebhookEvents(db, { tenantId, mode: "live", limit: 100 })).rows).toHaveLength(6);
    expect((await listWebhookEvents(db, { tenantId, eventId: "evt_log_7", limit: 100 })).rows.map((r) => r.eventId)).toEqual(["evt_log_7"]);
    const f = parseEventLogFilter({ from: "2001-01-01", to: "2001-01-02" });
    expect((await listWebhookEvents(db, { tenantId, ...f, limit: 100 })).rows).toHaveLength(0);
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
