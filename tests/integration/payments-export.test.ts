import { randomUUID } from "node:crypto";
import { desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { payments, users } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/manage-api-keys";
import { EXPORT_BATCH } from "@/lib/payments/export-payments";
import { csvLine } from "@/lib/csv";
import { createTestTenant, useTestDb } from "../helpers/db";

/*
 * GET /api/payments/export: the admin's CSV of payments, streamed one keyset batch per pull, with
 * the list's filters, tenant-scoped, admins only, and safe to open in a spreadsheet.
 */

let db: Db;
let route: typeof import("@/app/api/payments/export/route");

beforeAll(async () => {
  db = (await useTestDb()).db;
  route = await import("@/app/api/payments/export/route");
});

const noParams = { params: Promise.resolve({}) };
const get = (key: string, query = "") => route.GET(new Request(`http://portal.test/api/payments/export${query}`, { headers: { authorization: `Bearer ${key}` } }), noParams);

async function seedPayments(tenantId: string, userId: string, n: number, status = "succeeded", start = Date.UTC(2026, 0, 1)) {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, n - i) }, (_, j) => ({
      tenantId,
      mode: "test" as const,
      stripePaymentIntentId: `pi_exp_${randomUUID().replaceAll("-", "")}`,
      stripeCustomerId: "cus_export",
      status,
      amount: 1250 + i + j,
      amountReceived: 1250 + i + j,
      currency: "usd",
      description: "Workshop ticket",
      userId,
      lastEventCreated: 1,
      lastEventId: "evt_seed",
      createdAt: new Date(start + (i + j) * 60_000),
    }));
    await db.insert(payments).values(rows);
    ids.push(...rows.map((r) => r.stripePaymentIntentId));
  }
  return ids;
}

async function readAll(res: Response) {
  const reader = res.body!.getReader();
  const chunks: string[] = [];
  const decoder = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(decoder.decode(value));
  }
  return chunks;
}

describe("payments CSV export", () => {
  it("streams 10,000 payments one batch per pull, each exactly once, newest first, with formulas defused", { timeout: 60_000 }, async () => {
    const N = 10_000;
    const t = await createTestTenant(db, "export");
    const other = await createTestTenant(db, "export-other");
    await db.update(users).set({ name: '=HYPERLINK("http://evil.test","click")' }).where(eq(users.id, t.member.id));
    await seedPayments(t.tenant.id, t.member.id, N);
    await seedPayments(other.tenant.id, other.member.id, 7);
    const adminKey = (await createApiKey(db, { tenantId: t.tenant.id, userId: t.admin.id }, { name: "Books", role: "ROLE_CLIENT_ADMIN" })).token;

    const res = await get(adminKey);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="payments-export-[a-z0-9]+-\d{4}-\d\d-\d\d\.csv"$/);
    expect(res.headers.get("cache-control")).toBe("private, no-store");

    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    const read = async () => {
      const { done, value } = await reader.read();
      return done ? null : decoder.decode(value);
    };
    const chunks: string[] = [];
    chunks.push((await read())!, (await read())!);
    // Written after the first batch went out and older than every other row, so it belongs in the
    // last batch: it is in the download only if the rows are read as the stream is pulled, not
    // all loaded when the response starts.
    const [latePi] = await seedPayments(t.tenant.id, t.member.id, 1, "succeeded", Date.UTC(2025, 0, 1));
    for (let c = await read(); c !== null; c = await read()) chunks.push(c);

    expect(chunks[0]).toBe(csvLine(["created_at", "payment_id", "member_email", "member_name", "item", "invoice", "amount", "amount_refunded", "currency", "status", "stripe_payment_intent_id", "livemode"]));
    // One chunk per batch, none larger than a batch: the stream never holds more than EXPORT_BATCH rows.
    const batches = chunks.slice(1).map((c) => c.split("\r\n").filter(Boolean).length);
    expect(batches.length).toBeGreaterThanOrEqual(Math.ceil((N + 1) / EXPORT_BATCH));
    expect(Math.max(...batches)).toBeLessThanOrEqual(EXPORT_BATCH);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(N + 1);

    const lines = chunks.slice(1).join("").split("\r\n").filter(Boolean);
    expect(lines[0]).toContain(`${t.member.email},"'=HYPERLINK(""http://evil.test"",""click"")",Workshop ticket,,112.49,0.00,USD,succeeded,pi_exp_`);
    expect(lines.at(-1)).toContain(`,${latePi},false`);
    // Every payment of the tenant exactly once, in the list's order (newest first), none of the other tenant's.
    const expected = await db
      .select({ pi: payments.stripePaymentIntentId })
      .from(payments)
      .where(eq(payments.tenantId, t.tenant.id))
      .orderBy(desc(payments.createdAt), desc(payments.id));
    expect(lines.map((l) => l.split(",").at(-2))).toEqual(expected.map((p) => p.pi));
  });

  it("applies the list's filters, refuses members (403) and bad filters (422)", async () => {
    const t = await createTestTenant(db, "export-f");
    await seedPayments(t.tenant.id, t.member.id, 3, "succeeded");
    await seedPayments(t.tenant.id, t.member.id, 2, "canceled");
    const adminKey = (await createApiKey(db, { tenantId: t.tenant.id, userId: t.admin.id }, { name: "Books", role: "ROLE_CLIENT_ADMIN" })).token;
    const memberKey = (await createApiKey(db, { tenantId: t.tenant.id, userId: t.admin.id }, { name: "Kiosk", role: "ROLE_MEMBER" })).token;

    const canceled = (await readAll(await get(adminKey, "?status=canceled"))).slice(1).join("").split("\r\n").filter(Boolean);
    expect(canceled.map((l) => l.split(",")[9])).toEqual(["canceled", "canceled"]);
    expect((await get(memberKey)).status).toBe(403);
    expect((await get(adminKey, "?status=everything")).status).toBe(422);
  });
});
