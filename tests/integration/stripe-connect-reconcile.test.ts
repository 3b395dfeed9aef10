import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { getStripeSettings } from "@/db/queries/stripe-settings";
import { startStripeEmulator, type StripeEmulator } from "@/tools/stripe-emulator/server";
import { reconcileEvents } from "@/lib/reconcile/reconcile-events";
import { completeConnect, startConnect } from "@/lib/stripe-connection/connect";
import { createTestTenant, useTestDb } from "../helpers/db";
import { setStripeEnv } from "../helpers/stripe-env";

// Reconciliation of a Connect tenant: a Connect delivery that never arrived (here the platform has
// no Connect endpoint at all) is recovered by listing the account's events through the platform's
// key and `Stripe-Account`. Those events name the account, as real Stripe's do, so a recovered
// account.updated is applied to the tenant's connection health instead of ignored.

let db: Db;
let emulator: StripeEmulator;
let platform: { id: string; secretKey: string; publishableKey: string; connectClientId: string };

beforeAll(async () => {
  db = (await useTestDb()).db;
  emulator = await startStripeEmulator({ port: 0 });
  const created = await control("accounts", { mode: "test", name: "MemberPulse Platform" });
  platform = { id: created.id!, secretKey: created.secretKey!, publishableKey: created.publishableKey!, connectClientId: created.connectClientId! };
});
afterAll(async () => {
  await emulator.close().catch(() => {});
});
beforeEach(() =>
  setStripeEnv({
    STRIPE_API_BASE: emulator.url,
    STRIPE_CONNECT_BASE: emulator.url,
    STRIPE_MODE: "test",
    STRIPE_SECRET_KEY: platform.secretKey,
    STRIPE_PUBLISHABLE_KEY: platform.publishableKey,
    STRIPE_CONNECT_CLIENT_ID: platform.connectClientId,
    STRIPE_CONNECT_WEBHOOK_SECRET: "whsec_unused",
  }),
);

async function control(path: string, body: object = {}): Promise<Record<string, string>> {
  const res = await fetch(`${emulator.url}/_emulator/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.ok).toBe(true);
  return (await res.json()) as Record<string, string>;
}

/** The admin connects through the OAuth stand-in; the tenant's connection is the new account id. */
async function connectedTenant(label: string) {
  const t = await createTestTenant(db, label);
  const { url } = await startConnect(db, { tenantId: t.tenant.id, userId: t.admin.id, requestId: null }, { mode: "test" });
  const form = new URLSearchParams(new URL(url).searchParams);
  form.set("decision", "connect");
  form.set("account_name", `Connected ${label}`);
  const res = await fetch(`${emulator.url}/oauth/authorize`, { method: "POST", body: form, redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" } });
  const back = new URL(res.headers.get("location")!);
  const outcome = await completeConnect(db, { userId: t.admin.id }, { state: back.searchParams.get("state"), code: back.searchParams.get("code"), error: back.searchParams.get("error") });
  expect(outcome).toMatchObject({ ok: true, code: "connected" });
  const row = await getStripeSettings(db, { tenantId: t.tenant.id, mode: "test" });
  return { tenantId: t.tenant.id, accountId: row!.connectAccountId! };
}

function platformClient(stripeAccount: string) {
  return new Stripe(platform.secretKey, { apiVersion: "2026-10-28.endive", host: "127.0.0.1", port: new URL(emulator.url).port, protocol: "http", stripeAccount });
}

describe("Reconciliation of a Connect tenant", () => {
  it("events listed or retrieved through Stripe-Account carry `account`, as Stripe's do", async () => {
    const t = await connectedTenant("cxr-list");
    const event = (await control(`accounts/${t.accountId}/update`, { charges_enabled: false })) as unknown as { id: string };
    const client = platformClient(t.accountId);
    const listed = await client.events.list({ type: "account.updated" });
    expect(listed.data.map((e) => [e.id, e.account])).toEqual([[event.id, t.accountId]]);
    expect((await client.events.retrieve(event.id)).account).toBe(t.accountId);
  });

  it("a missed account.updated is recovered and updates the tenant's connection health", async () => {
    const t = await connectedTenant("cxr-recover");
    expect(await getStripeSettings(db, { tenantId: t.tenantId, mode: "test" })).toMatchObject({ chargesEnabled: true });
    // Stripe disables charges; the platform has no Connect endpoint, so no delivery ever arrives.
    await control(`accounts/${t.accountId}/update`, { charges_enabled: false, currently_due: ["external_account"] });

    const result = await reconcileEvents(db, { tenantId: t.tenantId, mode: "test" });
    expect(result).toMatchObject({ complete: true, failed: 0 });
    expect(result.recovered).toBeGreaterThanOrEqual(1);
    const row = await getStripeSettings(db, { tenantId: t.tenantId, mode: "test" });
    expect(row).toMatchObject({ chargesEnabled: false, connectAccountId: t.accountId });
    expect(row!.healthMessage).toContain("Stripe has disabled charges on this account");

    // A second run finds nothing new.
    expect(await reconcileEvents(db, { tenantId: t.tenantId, mode: "test" })).toMatchObject({ recovered: 0, failed: 0 });
  });
});
