// @requires-postgres: the emulator delivers concurrently into the app while the test reads (see tests/postgres-only.ts).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { upsertStripeSettings } from "@/db/queries/stripe-settings";
import { payments, stripeCustomers, webhookEvents } from "@/db/schema";
import { startStripeEmulator, type StripeEmulator } from "@/tools/stripe-emulator/server";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { HANDLED_EVENT_TYPES } from "@/lib/webhooks/handled-events";
import { handleStripeWebhook } from "@/lib/webhooks/ingest";
import { createTestTenant, useTestDb } from "../helpers/db";
import { setWebhookSecret } from "../helpers/webhooks";

// Stripe (the emulator) delivers to the real handler over HTTP with real signatures; same-second
// ties are settled by the default fetcher, i.e. stripeFor → the emulator's API.
let db: Db;
let tenantId: string;
let emulator: StripeEmulator;
let server: http.Server;
let stripe: Stripe;
let accountId: string;
const previousBase = process.env.STRIPE_API_BASE;

beforeAll(async () => {
  db = (await useTestDb()).db;
  tenantId = (await createTestTenant(db, "emu")).tenant.id;
  emulator = await startStripeEmulator({ port: 0, webhookRetryDelaysMs: [200] });
  process.env.STRIPE_API_BASE = emulator.url;
  const account = await emulator.createAccount({ mode: "test", name: "Webhook engine" });
  accountId = account.id;
  await upsertStripeSettings(db, { tenantId, mode: "test", patch: { secretKeyEnc: encryptSecret(account.secretKey), publishableKey: account.publishableKey } });
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const [, , , , tenant = "", mode = ""] = (req.url ?? "").split("/");
      const request = new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) });
      const response = await handleStripeWebhook(db, request, { tenantId: tenant, mode });
      res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/stripe/${tenantId}/test`;
  const base = new URL(emulator.url);
  stripe = new Stripe(account.secretKey, { host: base.hostname, port: Number(base.port), protocol: "http" });
  const endpoint = await stripe.webhookEndpoints.create({ url, enabled_events: [...HANDLED_EVENT_TYPES], api_version: "2026-10-28.endive" });
  await setWebhookSecret(db, { tenantId, mode: "test", secret: endpoint.secret! });
});

afterAll(async () => {
  process.env.STRIPE_API_BASE = previousBase;
  await new Promise((r) => server?.close(r));
  await emulator?.close();
});

async function settle(check: () => Promise<boolean>) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`deliveries did not settle: ${JSON.stringify(emulator.deliveries({ account: accountId }).map((d) => [d.type, d.status, d.error]))}`);
}

describe("deliveries from the Stripe emulator", () => {
  it("reordered and duplicated deliveries end in Stripe's state, each event recorded once", async () => {
    await fetch(`${emulator.url}/_emulator/webhooks/pause`, { method: "POST" });
    const customer = await stripe.customers.create({ email: "first@emu.test", name: "Emu" });
    await stripe.customers.update(customer.id, { email: "second@emu.test" });
    const intent = await stripe.paymentIntents.create({ amount: 1999, currency: "usd", customer: customer.id });
    await stripe.paymentIntents.confirm(intent.id, { payment_method: "pm_card_visa" });
    // Newest first: customer.updated arrives before customer.created, the PI's events backwards.
    await fetch(`${emulator.url}/_emulator/webhooks/resume`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ order: "reverse" }) });
    const sent = () => emulator.deliveries({ account: accountId });
    const expected = ["customer.created", "customer.updated", "payment_intent.succeeded"];
    await settle(async () => expected.every((t) => sent().some((d) => d.type === t && d.ok)));
    expect(sent().map((d) => d.type).indexOf("customer.updated")).toBeLessThan(sent().map((d) => d.type).indexOf("customer.created"));
    // Stripe retries: every event once more.
    for (const id of new Set(sent().map((d) => d.eventId))) await fetch(`${emulator.url}/_emulator/events/${id}/resend`, { method: "POST" });
    await settle(async () => sent().length > 0 && sent().length === 2 * new Set(sent().map((d) => d.eventId)).size && sent().every((d) => d.ok));

    const [c] = await db.select().from(stripeCustomers).where(and(eq(stripeCustomers.tenantId, tenantId), eq(stripeCustomers.stripeCustomerId, customer.id)));
    expect(c).toMatchObject({ email: "second@emu.test", deleted: false });
    const [p] = await db.select().from(payments).where(and(eq(payments.tenantId, tenantId), eq(payments.stripePaymentIntentId, intent.id)));
    expect(p).toMatchObject({ status: "succeeded", amount: 1999, amountReceived: 1999, stripeCustomerId: customer.id });
    const events = await db.select().from(webhookEvents).where(eq(webhookEvents.tenantId, tenantId));
    expect(events.length).toBe(new Set(sent().map((d) => d.eventId)).size);
    expect(events.every((e) => e.attempts === 1 && (e.status === "processed" || e.status === "ignored"))).toBe(true);
  });
});
