import { and, eq } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDb, type DbHandle } from "@/db/client";
import { migrate } from "@/db/migrate";
import { upsertStripeSettings } from "@/db/queries/stripe-settings";
import { stripeCustomers, webhookEvents } from "@/db/schema";
import { startStripeEmulator, type StripeEmulator } from "@/tools/stripe-emulator/server";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { resetEnvCache } from "@/lib/env";
import { handleStripeWebhook } from "@/lib/webhooks/ingest";
import { createTestTenant } from "../helpers/db";
import { makeEvent, newSecret, setWebhookSecret, signedRequest } from "../helpers/webhooks";

/*
 * The hang that stopped ingestion for good: a same-second tie used to retrieve the object from
 * Stripe INSIDE the projection transaction, resolving the tenant's Stripe client through a second
 * pool connection. With one connection (the embedded database, or a pool of 1) the first tie froze
 * everything. Here the default fetcher is used — the real one: it reads the tenant's keys from the
 * database and calls the Stripe emulator over HTTP — on exactly one connection. Every delivery is
 * bounded in time, so a regression fails instead of hanging the suite.
 */

let emulator: StripeEmulator;
const saved = { base: process.env.STRIPE_API_BASE, pool: process.env.DATABASE_POOL_SIZE };

beforeAll(async () => {
  emulator = await startStripeEmulator({ port: 0 });
  process.env.STRIPE_API_BASE = emulator.url;
  process.env.APP_ENCRYPTION_KEY ??= Buffer.alloc(32, 7).toString("base64");
  resetEnvCache();
});

afterAll(async () => {
  process.env.STRIPE_API_BASE = saved.base;
  await emulator?.close();
});

function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms (hang)`)), ms))]);
}

async function oneConnection(kind: "postgres" | "pglite"): Promise<DbHandle> {
  if (kind === "pglite") {
    const handle = await openDb({ dir: "memory://" });
    await migrate(handle);
    return handle;
  }
  process.env.DATABASE_POOL_SIZE = "1";
  try {
    return await openDb({ url: inject("databaseUrl") });
  } finally {
    process.env.DATABASE_POOL_SIZE = saved.pool;
    if (saved.pool === undefined) delete process.env.DATABASE_POOL_SIZE;
  }
}

const kinds = (inject("databaseUrl") ? ["postgres", "pglite"] : ["pglite"]) as ("postgres" | "pglite")[];

describe.each(kinds)("same-second ties on ONE connection (%s)", (kind) => {
  let handle: DbHandle;
  afterAll(() => handle?.close());

  it("are settled with the real fetcher (keys from the database, Stripe over HTTP) without hanging", async () => {
    handle = await oneConnection(kind);
    const { db } = handle;
    const tenantId = (await createTestTenant(db, `tie1-${kind}`)).tenant.id;
    const account = await emulator.createAccount({ mode: "test", name: `Ties ${kind}` });
    await upsertStripeSettings(db, { tenantId, mode: "test", patch: { secretKeyEnc: encryptSecret(account.secretKey), publishableKey: account.publishableKey } });
    const secret = newSecret();
    await setWebhookSecret(db, { tenantId, mode: "test", secret });
    const base = new URL(emulator.url);
    const stripe = new Stripe(account.secretKey, { host: base.hostname, port: Number(base.port), protocol: "http" });

    // Twenty customers, each with two updates in the same second, delivered all at once.
    const created = Math.floor(Date.now() / 1000) - 100;
    const customers = await Promise.all(Array.from({ length: 20 }, (_, i) => stripe.customers.create({ email: `before-${i}@ties.test`, name: `Tie ${i}` })));
    const current = await Promise.all(customers.map((c, i) => stripe.customers.update(c.id, { email: `final-${i}@ties.test` })));
    const events = current.flatMap((c, i) => [
      makeEvent("customer.updated", { ...c, email: `before-${i}@ties.test` }, { created }),
      makeEvent("customer.updated", { ...c, email: `middle-${i}@ties.test` }, { created }),
    ]);
    const deliver = (e: object) => handleStripeWebhook(db, signedRequest({ tenantId, mode: "test" }, JSON.stringify(e), secret), { tenantId, mode: "test" });
    const responses = await within(30_000, Promise.all(events.map(deliver)), `${events.length} tied deliveries`);
    expect(responses.map((r) => r.status)).toEqual(events.map(() => 200));

    // Every tie was settled with Stripe's current copy, and every event recorded once.
    const rows = await db.select({ id: stripeCustomers.stripeCustomerId, email: stripeCustomers.email }).from(stripeCustomers).where(eq(stripeCustomers.tenantId, tenantId));
    expect(new Map(rows.map((r) => [r.id, r.email]))).toEqual(new Map(current.map((c) => [c.id, c.email])));
    const stored = await db.select({ status: webhookEvents.status, note: webhookEvents.note }).from(webhookEvents).where(and(eq(webhookEvents.tenantId, tenantId)));
    expect(stored).toHaveLength(events.length);
    expect(stored.every((r) => r.status === "processed")).toBe(true);
    expect(stored.filter((r) => r.note === "resolved_tie")).toHaveLength(20);

    // The one connection is free again: the portal still answers.
    await within(2_000, db.execute("select 1" as never), "a query after the ties");
  }, 60_000);
});
