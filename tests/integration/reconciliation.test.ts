// @requires-postgres: two app instances reconcile the same account at once.
import { and, eq, sql } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStripeEmulator, type StripeEmulator } from "@/tools/stripe-emulator/server";
import type { DbHandle } from "@/db/client";
import { getReconciliation } from "@/db/queries/reconciliation";
import { upsertStripeSettings } from "@/db/queries/stripe-settings";
import { mailOutbox, stripeCustomers, webhookEvents } from "@/db/schema";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { openJobQueue, type JobQueue } from "@/lib/jobs/job-queue";
import { queueReconciliation, runWorkers } from "@/lib/jobs/run-workers";
import { reconcileEvents } from "@/lib/reconcile/reconcile-events";
import { MAX_REDRIVE_ATTEMPTS, redriveFailedEvents } from "@/lib/reconcile/redrive-failed";
import { createTestTenant } from "../helpers/db";
import { usePrivatePostgres } from "../helpers/private-db";
import { eventually } from "../helpers/smtp-catcher";
import { setStripeEnv } from "../helpers/stripe-env";

let a: DbHandle;
let b: DbHandle;
let emulator: StripeEmulator;
const bosses: JobQueue[] = [];

beforeAll(async () => {
  emulator = await startStripeEmulator({ port: 0 });
  setStripeEnv({ STRIPE_API_BASE: emulator.url });
  const db = await usePrivatePostgres();
  a = db.handle;
  b = await db.open();
});

afterAll(async () => {
  for (const boss of bosses) await boss.stop({ graceful: false, timeout: 1000 });
  await emulator.close();
  delete process.env.STRIPE_API_BASE;
});

/** A tenant connected to a fresh emulator account that has `customers` customers the portal never heard of. */
async function tenantWithMissedEvents(label: string, customers: number) {
  const { tenant } = await createTestTenant(a.db, label);
  const account = await emulator.createAccount({ mode: "test", name: label });
  await upsertStripeSettings(a.db, { tenantId: tenant.id, mode: "test", patch: { secretKeyEnc: encryptSecret(account.secretKey), publishableKey: account.publishableKey } });
  const base = new URL(emulator.url);
  const stripe = new Stripe(account.secretKey, { host: base.hostname, port: Number(base.port), protocol: "http" });
  // No webhook endpoint: every event exists only in Stripe's events list.
  for (let i = 0; i < customers; i++) await stripe.customers.create({ email: `c${i}@${label}.test` });
  return { tenantId: tenant.id, stripe };
}

const countEvents = async (tenantId: string) => (await a.db.select({ n: sql<number>`count(*)::int` }).from(webhookEvents).where(eq(webhookEvents.tenantId, tenantId)))[0]!.n;

describe("reconciliation from Stripe's events list", () => {
  it("recovers missed events exactly once when two instances run at the same moment, then finds nothing new", async () => {
    const { tenantId, stripe } = await tenantWithMissedEvents("recon-twice", 3);
    const scope = { tenantId, mode: "test" as const };
    // The emulator filters the list by `created` as Stripe does.
    const now = Math.floor(Date.now() / 1000);
    expect((await stripe.events.list({ created: { gte: now - 600 } })).data).toHaveLength(3);
    expect((await stripe.events.list({ created: { gt: now + 3600 } })).data).toHaveLength(0);
    const [first, second] = await Promise.all([reconcileEvents(a.db, scope), reconcileEvents(b.db, scope)]);
    expect(first.recovered + second.recovered).toBe(3);
    expect(await countEvents(tenantId)).toBe(3);
    expect(await a.db.select().from(stripeCustomers).where(eq(stripeCustomers.tenantId, tenantId))).toHaveLength(3);

    // The admins hear about the drift once (one admin here), however many runs found it.
    const alerts = await a.db.select().from(mailOutbox).where(and(eq(mailOutbox.tenantId, tenantId), eq(mailOutbox.template, "reconcile_drift_alert")));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.subject).toMatch(/missed Stripe test-mode events? (was|were) recovered/);

    const again = await reconcileEvents(a.db, scope);
    expect(again).toMatchObject({ recovered: 0, complete: true });
    const state = await getReconciliation(a.db, scope);
    expect(state?.totalRecovered).toBe(3);
    expect(state?.lastRecovered).toBe(0);
    expect(state?.checkpointCreated).toBeGreaterThan(0);
  });

  it("recovers events deleted from the portal's log, through the job queue on two worker processes", async () => {
    const { tenantId, stripe } = await tenantWithMissedEvents("recon-jobs", 2);
    await reconcileEvents(a.db, { tenantId, mode: "test" });
    // Three more events, and two recorded ones lost from the log (a restore from an older backup).
    for (let i = 0; i < 3; i++) await stripe.customers.create({ email: `late${i}@recon.test` });
    const [lost] = await a.db.select().from(webhookEvents).where(eq(webhookEvents.tenantId, tenantId)).limit(1);
    await a.db.delete(webhookEvents).where(and(eq(webhookEvents.tenantId, tenantId), eq(webhookEvents.id, lost!.id)));

    for (const handle of [a, b]) {
      const boss = await openJobQueue(handle);
      await runWorkers(boss, handle.db, { pollingIntervalSeconds: 0.5 });
      bosses.push(boss);
    }
    // Both processes ask (an hourly tick and an admin's click): one run, the other is refused or finds nothing.
    await Promise.all(bosses.map((boss) => queueReconciliation(boss, { tenantId, mode: "test" })));
    await eventually(async () => (await countEvents(tenantId)) === 5, { timeoutMs: 20_000, what: "the recovered events" });
    await eventually(async () => ((await getReconciliation(a.db, { tenantId, mode: "test" }))?.totalRecovered ?? 0) >= 6, { what: "the run's record" });
    const state = await getReconciliation(a.db, { tenantId, mode: "test" });
    expect(state?.totalRecovered).toBe(2 + 4);
    expect(await a.db.select().from(stripeCustomers).where(eq(stripeCustomers.tenantId, tenantId))).toHaveLength(5);
  });

  it("re-drives a failed event after its back-off, and leaves one at the attempt limit alone", async () => {
    const { tenantId } = await tenantWithMissedEvents("recon-redrive", 2);
    await reconcileEvents(a.db, { tenantId, mode: "test" });
    const rows = await a.db.select().from(webhookEvents).where(eq(webhookEvents.tenantId, tenantId));
    const [due, exhausted] = rows;
    // As a failed projection leaves them (and undo the projections, so the re-drive has work to do).
    await a.db.delete(stripeCustomers).where(eq(stripeCustomers.tenantId, tenantId));
    await a.db.update(webhookEvents).set({ status: "failed", attempts: 1, lastFailedAt: sql`now() - interval '2 minutes'` }).where(eq(webhookEvents.id, due!.id));
    await a.db.update(webhookEvents).set({ status: "failed", attempts: MAX_REDRIVE_ATTEMPTS, lastFailedAt: sql`now() - interval '1 day'` }).where(eq(webhookEvents.id, exhausted!.id));
    const fresh = rows.length > 2 ? rows[2] : undefined;
    expect(fresh).toBeUndefined();

    await redriveFailedEvents(a.db);
    const after = await a.db.select().from(webhookEvents).where(eq(webhookEvents.tenantId, tenantId));
    expect(after.find((r) => r.id === due!.id)?.status).toBe("processed");
    expect(after.find((r) => r.id === exhausted!.id)?.status).toBe("failed");
    expect(await a.db.select().from(stripeCustomers).where(eq(stripeCustomers.tenantId, tenantId))).toHaveLength(1);
  });
});
