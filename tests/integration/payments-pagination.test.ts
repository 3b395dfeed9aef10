import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { memberStripeCustomers, payments } from "@/db/schema";
import { listPaymentViews } from "@/lib/payments/read-payments";
import { createTestTenant, useTestDb } from "../helpers/db";

/*
 * Keyset pagination of the payment lists when many payments share a millisecond (a bulk import, a
 * burst of renewals): paging through returns every payment exactly once, newest first, for the
 * admin's list and for a member's history merged from what they started and what Stripe charged.
 */

let db: Db;
beforeAll(async () => {
  db = (await useTestDb()).db;
});

describe("payment list pages", () => {
  it("return each payment once across pages when created_at ties within a millisecond", async () => {
    const { tenant, admin, member } = await createTestTenant(db, "pages");
    await db.insert(memberStripeCustomers).values({ tenantId: tenant.id, userId: member.id, mode: "test", stripeCustomerId: "cus_pages" });
    // 70 payments in three instants: 30 in the same microsecond, 20 microseconds apart within one
    // millisecond, 20 a second earlier; half started in the portal, half charged by Stripe.
    const base = "2026-11-30 12:00:00.123";
    const rows = Array.from({ length: 70 }, (_, i) => ({
      tenantId: tenant.id,
      mode: "test" as const,
      stripePaymentIntentId: `pi_pages_${randomUUID().replaceAll("-", "")}`,
      stripeCustomerId: "cus_pages",
      status: "succeeded",
      amount: 100 + i,
      amountReceived: 100 + i,
      currency: "usd",
      userId: i % 2 === 0 ? member.id : null,
      lastEventCreated: 1,
      lastEventId: "evt_seed",
      createdAt: sql`${i < 30 ? `${base}456+00` : i < 50 ? `${base}${String(i).padStart(3, "0")}+00` : `2026-11-30 11:59:59.5+00`}::timestamptz`,
    }));
    await db.insert(payments).values(rows as never);

    for (const actor of [
      { tenantId: tenant.id, tenantSlug: tenant.slug, userId: admin.id, role: "ROLE_CLIENT_ADMIN" as const },
      { tenantId: tenant.id, tenantSlug: tenant.slug, userId: member.id, role: "ROLE_MEMBER" as const },
    ]) {
      const seen: { id: string; amount: number }[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const page = await listPaymentViews(db, actor, { limit: 25, ...(cursor ? { cursor } : {}) });
        seen.push(...page.data.map((p) => ({ id: p.id, amount: p.amount })));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      expect(new Set(seen.map((p) => p.id)).size).toBe(70);
      expect(seen).toHaveLength(70);
      // Newest first: the 30 tied at .123456, then the 20 at .123030–.123049 (latest first), then the older 20.
      expect(new Set(seen.slice(0, 30).map((p) => p.amount))).toEqual(new Set(Array.from({ length: 30 }, (_, i) => 100 + i)));
      expect(seen.slice(30, 50).map((p) => p.amount)).toEqual(Array.from({ length: 20 }, (_, i) => 149 - i));
    }
  });

  it("refuses a cursor it did not make", async () => {
    const { tenant, admin } = await createTestTenant(db, "pages-bad");
    const actor = { tenantId: tenant.id, tenantSlug: tenant.slug, userId: admin.id, role: "ROLE_CLIENT_ADMIN" as const };
    for (const cursor of ["nonsense", Buffer.from("2026-01-01T00:00:00.000Z|x").toString("base64url"), Buffer.from(`1' or 1=1|${randomUUID()}`).toString("base64url")]) {
      await expect(listPaymentViews(db, actor, { cursor })).rejects.toThrow("not a cursor this API returned");
    }
  });
});
