// @requires-postgres: concurrent transactions over several connections (see tests/postgres-only.ts).
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { openDb, type Db } from "@/db/client";
import { subscriptionItems, subscriptions, webhookEvents } from "@/db/schema";
import { getWebhookHealth } from "@/lib/webhooks/health";
import { handleStripeWebhook } from "@/lib/webhooks/ingest";
import type { LatestFetcher } from "@/lib/webhooks/context";
import { replayWebhookEvent } from "@/lib/webhooks/replay";
import { createTestTenant, useTestDb } from "../helpers/db";
import { subscriptionState } from "../helpers/projection-snapshot";
import { watchSubscriptionWrites } from "../helpers/write-log";
import { subscriptionLifecycle } from "../helpers/subscription-lifecycle";
import { fixedFetcher, makeEvent, newSecret, noFetch, setWebhookSecret, signedRequest, subscriptionObject } from "../helpers/webhooks";

let db: Db;
let tenantId: string;
const secret = newSecret();

beforeAll(async () => {
  db = (await useTestDb()).db;
  tenantId = (await createTestTenant(db, "once")).tenant.id;
  await setWebhookSecret(db, { tenantId, mode: "test", secret });
});

async function eventRow(t: string, eventId: string) {
  const [row] = await db.select().from(webhookEvents).where(and(eq(webhookEvents.tenantId, t), eq(webhookEvents.eventId, eventId)));
  return row;
}

describe("exactly once", () => {
  it("the same event ×50 concurrently → one row, one effect, all 2xx", async () => {
    const writes = await watchSubscriptionWrites(db);
    const event = makeEvent("customer.subscription.created", subscriptionObject({ id: "sub_fifty", customer: "cus_fifty", status: "active", start: 1, end: 2 }));
    const payload = JSON.stringify(event);
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => handleStripeWebhook(db, signedRequest({ tenantId, mode: "test" }, payload, secret), { tenantId, mode: "test" }, { fetchLatest: noFetch })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    const outcomes = responses.map((r) => r.headers.get("x-webhook-outcome"));
    expect(outcomes.filter((o) => o === "processed")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "duplicate")).toHaveLength(49);
    expect(await writes.count("sub_fifty")).toBe(1);
    await writes.stop();
    const rows = await db.select().from(webhookEvents).where(and(eq(webhookEvents.tenantId, tenantId), eq(webhookEvents.eventId, event.id)));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.attempts).toBe(1);
    expect(await db.select().from(subscriptionItems).where(and(eq(subscriptionItems.tenantId, tenantId), eq(subscriptionItems.stripeSubscriptionId, "sub_fifty")))).toHaveLength(1);
  });

  it("two app instances (separate pools) receiving the same events interleaved end like one", async () => {
    const url = inject("databaseUrl");
    const second = url ? await openDb({ url }) : null;
    afterAll(() => second?.close());
    const instances = [db, second?.db ?? db];
    const t0 = Math.floor(Date.now() / 1000) - 1000;
    const created = [t0, t0 + 1, t0 + 1, t0 + 2, t0 + 3];
    const twin = subscriptionLifecycle("twin", created);
    const solo = subscriptionLifecycle("solo", created);
    const soloTenant = (await createTestTenant(db, "solo")).tenant.id;
    await setWebhookSecret(db, { tenantId: soloTenant, mode: "test", secret });
    for (const e of solo.events) {
      const res = await handleStripeWebhook(db, signedRequest({ tenantId: soloTenant, mode: "test" }, JSON.stringify(e), secret), { tenantId: soloTenant, mode: "test" }, { fetchLatest: fixedFetcher(solo.current) });
      expect(res.status).toBe(200);
    }
    // Every event to both instances at once, newest first, each twice.
    const deliveries = [...twin.events].reverse().flatMap((e) => [0, 1, 0, 1].map((i) => ({ e, db: instances[i]! })));
    const statuses = await Promise.all(
      deliveries.map(({ e, db: instance }) =>
        handleStripeWebhook(instance, signedRequest({ tenantId, mode: "test" }, JSON.stringify(e), secret), { tenantId, mode: "test" }, { fetchLatest: fixedFetcher(twin.current) }).then((r) => r.status),
      ),
    );
    expect(new Set(statuses)).toEqual(new Set([200]));
    const a = await subscriptionState(db, { tenantId, subscriptionId: twin.subId });
    const b = await subscriptionState(db, { tenantId: soloTenant, subscriptionId: solo.subId });
    expect(a).toEqual({ ...b, sub: { ...b.sub, customer: "cus_twin", latestInvoice: "in_twin" }, invoices: b.invoices.map((i) => ({ ...i, pi: "pi_twin" })) });
    expect(a.sub?.status).toBe("canceled");
  });
});

describe("a failure mid-projection", () => {
  it("answers 500, writes nothing, marks the event failed; the retry then succeeds once", async () => {
    // Fails the items insert, i.e. after the subscription row was written in the same transaction.
    await db.execute(sql.raw(`
      create or replace function test_fail_items() returns trigger language plpgsql as $$
      begin
        if new.stripe_subscription_id = 'sub_boom' then raise exception 'injected failure'; end if;
        return new;
      end $$;
      create trigger test_fail_items before insert on subscription_items for each row execute function test_fail_items();
    `));
    const event = makeEvent("customer.subscription.created", subscriptionObject({ id: "sub_boom", customer: "cus_boom", status: "active", start: 10, end: 20 }));
    const payload = JSON.stringify(event);
    const send = () => handleStripeWebhook(db, signedRequest({ tenantId, mode: "test" }, payload, secret), { tenantId, mode: "test" }, { fetchLatest: noFetch });
    try {
      expect((await send()).status).toBe(500);
      const subRows = await db.select().from(subscriptions).where(and(eq(subscriptions.tenantId, tenantId), eq(subscriptions.stripeSubscriptionId, "sub_boom")));
      expect(subRows).toHaveLength(0);
      const failed = await eventRow(tenantId, event.id);
      expect(failed).toMatchObject({ status: "failed", attempts: 1 });
      expect(failed!.lastError).toContain("injected failure");
      expect(failed!.payload).toEqual(event);
      expect((await getWebhookHealth(db, { tenantId, mode: "test" })).failedCount).toBe(1);
      expect((await send()).status).toBe(500);
      expect((await eventRow(tenantId, event.id))!.attempts).toBe(2);
    } finally {
      await db.execute(sql.raw(`drop trigger if exists test_fail_items on subscription_items; drop function if exists test_fail_items();`));
    }
    const writes = await watchSubscriptionWrites(db);
    const retry = await send();
    expect(retry.status).toBe(200);
    expect(retry.headers.get("x-webhook-outcome")).toBe("processed");
    expect((await send()).headers.get("x-webhook-outcome")).toBe("duplicate");
    expect(await writes.count("sub_boom")).toBe(1);
    await writes.stop();
    expect(await eventRow(tenantId, event.id)).toMatchObject({ status: "processed", attempts: 3, lastError: null });
    expect(await db.select().from(subscriptions).where(and(eq(subscriptions.tenantId, tenantId), eq(subscriptions.stripeSubscriptionId, "sub_boom")))).toHaveLength(1);
    expect((await getWebhookHealth(db, { tenantId, mode: "test" })).failedCount).toBe(0);
  });

  it("a failed tie retrieval fails the event, and an admin replay re-runs it once", async () => {
    const t = Math.floor(Date.now() / 1000) - 500;
    const life = subscriptionLifecycle("replay", [t, t, t + 1, t + 2, t + 3]);
    const deliver = (i: number, fetchLatest: LatestFetcher = fixedFetcher(life.current)) =>
      handleStripeWebhook(db, signedRequest({ tenantId, mode: "test" }, JSON.stringify(life.events[i]), secret), { tenantId, mode: "test" }, { fetchLatest });
    expect((await deliver(0)).status).toBe(200);
    // Same second as the first: a tie; Stripe is unreachable.
    expect((await deliver(1, noFetch)).status).toBe(500);
    const failed = await eventRow(tenantId, "evt_replay_2");
    expect(failed?.status).toBe("failed");
    const fetcher = fixedFetcher(life.current);
    expect(await replayWebhookEvent(db, { tenantId, id: failed!.id }, { fetchLatest: fetcher })).toMatchObject({ ok: true, outcome: "processed" });
    expect(fetcher.calls).toBe(1);
    expect(await replayWebhookEvent(db, { tenantId, id: failed!.id }, { fetchLatest: fetcher })).toMatchObject({ ok: false, reason: "not_replayable" });
    expect(fetcher.calls).toBe(1);
    // The tie was settled with Stripe's current copy: the deleted subscription.
    expect((await subscriptionState(db, { tenantId, subscriptionId: life.subId })).sub?.status).toBe("canceled");
    expect(await replayWebhookEvent(db, { tenantId: (await createTestTenant(db, "x")).tenant.id, id: failed!.id })).toMatchObject({ ok: false, reason: "not_found" });
  });
});
