import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { webhookEvents } from "@/db/schema";
import { upsertStripeSettings } from "@/db/queries/stripe-settings";
import { installWebhookLane } from "@/lib/webhooks/node-lane";
import { setStripeEnv } from "../helpers/stripe-env";
import { createTestTenant, useTestDb } from "../helpers/db";
import { makeEvent, newSecret, noFetch, paymentIntentObject, setWebhookSecret, signedRequest } from "../helpers/webhooks";

/*
 * lib/webhooks/node-lane.ts on a real Node HTTP server: deliveries to the webhook path are answered
 * by the lane (same gate and ingest as the route), everything else still reaches the server's own
 * handler (Next, in production). A subclass of http.Server keeps the patch to this test's server.
 */

class LaneServer extends http.Server {}
let db: Db;
let tenantId: string;
let base: string;
const secret = newSecret();
const server = new LaneServer((req, res) => res.writeHead(299, { "x-reached": "next" }).end("next"));

beforeAll(async () => {
  const handle = await useTestDb();
  db = handle.db;
  tenantId = (await createTestTenant(db, "lane")).tenant.id;
  await setWebhookSecret(db, { tenantId, mode: "test", secret });
  installWebhookLane([LaneServer], { fetchLatest: noFetch, handle: async () => handle });
  installWebhookLane([LaneServer]); // a second install changes nothing
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends what signedRequest built to the real server, over HTTP. */
async function post(path: string, request: Request, init: { chunked?: boolean } = {}) {
  const body = Buffer.from(await request.arrayBuffer());
  const headers = Object.fromEntries(request.headers);
  return fetch(`${base}${path}`, {
    method: "POST",
    headers,
    body: init.chunked ? new Blob([body]).stream() : body,
    ...(init.chunked ? { duplex: "half" } : {}),
  } as RequestInit);
}

const piEvent = () => makeEvent("payment_intent.succeeded", paymentIntentObject({ id: `pi_lane_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`, status: "succeeded", amount: 1200, customer: "cus_lane" }));

describe("the webhook lane", () => {
  it("records a signed delivery once: processed, then duplicate", async () => {
    const event = piEvent();
    const path = `/api/webhooks/stripe/${tenantId}/test`;
    const first = await post(path, signedRequest({ tenantId, mode: "test" }, JSON.stringify(event), secret));
    expect(first.status).toBe(200);
    expect(first.headers.get("x-webhook-outcome")).toBe("processed");
    expect(first.headers.get("x-reached")).toBeNull();
    const again = await post(path, signedRequest({ tenantId, mode: "test" }, JSON.stringify(event), secret));
    expect(again.headers.get("x-webhook-outcome")).toBe("duplicate");
    const rows = await db.select().from(webhookEvents).where(and(eq(webhookEvents.tenantId, tenantId), eq(webhookEvents.eventId, event.id)));
    expect(rows.map((r) => r.status)).toEqual(["processed"]);
  });

  it("answers refusals exactly as the route does: bad signature 400, unknown endpoint 404, oversized 413", async () => {
    const payload = JSON.stringify(piEvent());
    const forged = await post(`/api/webhooks/stripe/${tenantId}/test`, signedRequest({ tenantId, mode: "test" }, payload, newSecret()));
    expect(forged.status).toBe(400);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe("bad_request");
    const unknown = await post(`/api/webhooks/stripe/not-a-tenant/test`, signedRequest({ tenantId, mode: "test" }, payload, secret));
    expect(unknown.status).toBe(404);
    const huge = JSON.stringify({ ...piEvent(), padding: "x".repeat(600 * 1024) });
    const oversized = await post(`/api/webhooks/stripe/${tenantId}/test`, signedRequest({ tenantId, mode: "test" }, huge, secret), { chunked: true });
    expect(oversized.status).toBe(413);
  });

  it("leaves every other request to the server's own handler", async () => {
    const other = [
      await fetch(`${base}/api/webhooks/stripe/${tenantId}/test`), // GET
      await fetch(`${base}/api/webhooks/stripe/${tenantId}/test/extra`, { method: "POST", body: "{}" }),
      await fetch(`${base}/api/webhooks/stripe/${tenantId}/test?x=1`, { method: "POST", body: "{}" }),
      await fetch(`${base}/sign-in`, { method: "POST", body: "a=b" }),
    ];
    expect(other.map((r) => r.headers.get("x-reached"))).toEqual(["next", "next", "next", "next"]);
  });

  it("answers the platform's Connect endpoint with the Connect ingest: routed by account to the tenant", async () => {
    const connectSecret = newSecret();
    setStripeEnv({ STRIPE_CONNECT_WEBHOOK_SECRET: connectSecret, STRIPE_CONNECT_CLIENT_ID: "ca_lane" });
    try {
      const account = `acct_1lane${Date.now()}`;
      await upsertStripeSettings(db, { tenantId, mode: "test", patch: { connectAccountId: account } });
      const event = { ...piEvent(), account };
      const answer = await post("/api/webhooks/stripe/connect/test", signedRequest({ tenantId: "connect", mode: "test" }, JSON.stringify(event), connectSecret));
      expect(answer.status).toBe(200);
      expect(answer.headers.get("x-webhook-outcome")).toBe("processed");
      const rows = await db.select().from(webhookEvents).where(and(eq(webhookEvents.tenantId, tenantId), eq(webhookEvents.eventId, event.id)));
      expect(rows).toHaveLength(1);
      // Signed with the tenant's own secret instead of the platform's Connect secret: refused.
      const wrong = await post("/api/webhooks/stripe/connect/test", signedRequest({ tenantId: "connect", mode: "test" }, JSON.stringify({ ...piEvent(), account }), secret));
      expect(wrong.status).toBe(400);
    } finally {
      await upsertStripeSettings(db, { tenantId, mode: "test", patch: { connectAccountId: null } });
      setStripeEnv();
    }
  });
});
