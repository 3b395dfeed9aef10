import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { payments } from "@/db/schema";
import { cachedRevenueReport } from "@/lib/reports/report-cache";
import { handleStripeWebhook } from "@/lib/webhooks/ingest";
import { createTestTenant, useTestDb } from "../helpers/db";
import { makeEvent, newSecret, noFetch, setWebhookSecret, signedRequest } from "../helpers/webhooks";

/*
 * The overview's revenue figures are kept for a minute, and a webhook that changes the tenant's
 * projections makes the next read fresh at once: an admin who watches a member pay sees it.
 */

let db: Db;
beforeAll(async () => {
  db = (await useTestDb()).db;
});

const revenueThisMonth = async (tenantId: string, now?: number) => {
  const report = await cachedRevenueReport(db, { tenantId, mode: "test", months: 6 }, now);
  return report.currencies.find((c) => c.currency === "usd")?.months.at(-1)?.revenue ?? 0;
};

describe("the overview's cached revenue report", () => {
  it("is read again after a webhook for the tenant, and only then (or after a minute)", async () => {
    const { tenant } = await createTestTenant(db, "cache");
    const other = await createTestTenant(db, "cache-other");
    const secret = newSecret();
    await setWebhookSecret(db, { tenantId: tenant.id, mode: "test", secret });
    expect(await revenueThisMonth(tenant.id)).toBe(0);

    // Written behind the cache's back (as another instance would): not seen within the minute…
    await db.insert(payments).values({ tenantId: tenant.id, mode: "test", stripePaymentIntentId: `pi_${randomUUID().slice(0, 8)}`, status: "succeeded", amount: 700, amountReceived: 700, currency: "usd", lastEventCreated: 1, lastEventId: "evt_x", stripeCreated: new Date() });
    expect(await revenueThisMonth(tenant.id)).toBe(0);
    // …but after it.
    expect(await revenueThisMonth(tenant.id, Date.now() + 61_000)).toBe(700);

    // Another tenant's webhook does not drop this tenant's entry.
    await db.insert(payments).values({ tenantId: tenant.id, mode: "test", stripePaymentIntentId: `pi_${randomUUID().slice(0, 8)}`, status: "succeeded", amount: 300, amountReceived: 300, currency: "usd", lastEventCreated: 1, lastEventId: "evt_y", stripeCreated: new Date() });
    const otherSecret = newSecret();
    await setWebhookSecret(db, { tenantId: other.tenant.id, mode: "test", secret: otherSecret });
    const now = Math.floor(Date.now() / 1000);
    const pi = (id: string, amount: number) => ({ id, object: "payment_intent", amount, amount_received: amount, currency: "usd", customer: null, description: null, latest_charge: null, last_payment_error: null, metadata: {}, status: "succeeded", created: now });
    const deliver = async (tenantId: string, s: string, object: object) => {
      const event = makeEvent("payment_intent.succeeded", object, { created: now });
      const res = await handleStripeWebhook(db, signedRequest({ tenantId, mode: "test" }, JSON.stringify(event), s), { tenantId, mode: "test" }, { fetchLatest: noFetch });
      expect(res.status).toBe(200);
    };
    await deliver(other.tenant.id, otherSecret, pi(`pi_${randomUUID().slice(0, 8)}`, 100));
    expect(await revenueThisMonth(tenant.id, Date.now() + 61_000)).toBe(700);

    // The tenant's own payment arrives through Stripe: the next read has it, and the one before.
    await deliver(tenant.id, secret, pi(`pi_${randomUUID().slice(0, 8)}`, 2500));
    expect(await revenueThisMonth(tenant.id)).toBe(700 + 300 + 2500);
  });
});
