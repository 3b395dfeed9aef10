import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { expect } from "vitest";
import type { Db } from "@/db/client";
import { catalogPrices, catalogProducts } from "@/db/schema";
import { startStripeEmulator, type StripeEmulator } from "@/tools/stripe-emulator/server";
import { createWebhookEndpoint } from "@/lib/stripe-connection/create-webhook-endpoint";
import { saveStripeKeys } from "@/lib/stripe-connection/save-stripe-keys";
import { handleStripeWebhook } from "@/lib/webhooks/ingest";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { createTestTenant } from "./db";
import { setStripeEnv } from "./stripe-env";

/**
 * The Stripe emulator plus a tiny HTTP server that hands deliveries to the real webhook ingest,
 * so payments in these tests move to succeeded/failed exactly as in the app: by signed webhooks.
 */
export async function startPaymentsHarness(db: Db) {
  const emulator: StripeEmulator = await startStripeEmulator({ port: 0, webhookRetryDelaysMs: [50, 100] });
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const [, , , , tenantId = "", mode = ""] = (req.url ?? "").split("/");
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const request = new Request(`http://localhost${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) });
    const response = await handleStripeWebhook(db, request, { tenantId, mode });
    res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // One encryption key for the whole file: late webhooks of an earlier test must still verify.
  const encryptionKey = randomBytes(32).toString("base64");
  const env = () => setStripeEnv({ STRIPE_API_BASE: emulator.url, APP_URL: appUrl, APP_ENCRYPTION_KEY: encryptionKey });
  env();

  async function connectedTenant(label = "pay") {
    const t = await createTestTenant(db, label);
    const account = await emulator.createAccount({ mode: "test", name: `Emulated ${label}` });
    const saved = await saveStripeKeys(db, { tenantId: t.tenant.id, userId: t.admin.id }, { mode: "test", input: { publishableKey: account.publishableKey, secretKey: account.secretKey } });
    expect(saved.ok).toBe(true);
    const hook = await createWebhookEndpoint(db, { tenantId: t.tenant.id, userId: t.admin.id }, { mode: "test" });
    expect(hook.ok).toBe(true);
    const stripe = new Stripe(account.secretKey, { apiVersion: "2026-10-28.endive", host: "127.0.0.1", port: new URL(emulator.url).port, protocol: "http" });
    const member: TenantActor = { tenantId: t.tenant.id, tenantSlug: t.tenant.slug, userId: t.member.id, role: "ROLE_MEMBER" };
    const admin: TenantActor = { tenantId: t.tenant.id, tenantSlug: t.tenant.slug, userId: t.admin.id, role: "ROLE_CLIENT_ADMIN" };
    return { ...t, account, stripe, actors: { member, admin } };
  }

  async function close() {
    await new Promise((resolve) => server.close(resolve));
    await emulator.close().catch(() => {});
    delete process.env.STRIPE_API_BASE;
  }

  async function control(path: string, body: object = {}) {
    const res = await fetch(`${emulator.url}/_emulator/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect(res.ok).toBe(true);
  }

  return { emulator, appUrl, env, connectedTenant, control, close };
}

/** A one-time catalog price (the catalog's own tables; amount in minor units). */
export async function createOneTimePrice(db: Db, tenantId: string, { amount = 2500, currency = "usd", name = "Workshop ticket", active = true } = {}) {
  const [product] = await db.insert(catalogProducts).values({ tenantId, kind: "event_ticket", name }).returning();
  const [price] = await db
    .insert(catalogPrices)
    .values({ tenantId, productId: product!.id, amount, currency, type: "one_time", active })
    .returning();
  return price!;
}

/** Polls until `check` passes: webhooks arrive asynchronously, as they do from Stripe. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}
