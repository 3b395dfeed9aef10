import { expect, test } from "@playwright/test";
import { and, eq } from "drizzle-orm";
import Stripe from "stripe";
import { openDb, type DbHandle } from "../db/client";
import { getTenantBySlug } from "../db/queries/tenants";
import { upsertStripeSettings } from "../db/queries/stripe-settings";
import { payments, webhookEvents } from "../db/schema";
import { encryptSecret } from "../lib/crypto/secret-box";
import { signIn } from "./support/auth";
import { APP_URL, e2eDatabaseUrl, EMULATOR_PORT, EMULATOR_URL } from "./support/e2e-env";

// The server's APP_ENCRYPTION_KEY (playwright.config.ts): secrets written here must decrypt there.
process.env.APP_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString("base64");

const SECRET = `whsec_e2e_webhooks_${"0".repeat(16)}`;
let handle: DbHandle;
let tenantId: string;

test.beforeAll(async () => {
  handle = await openDb({ url: e2eDatabaseUrl() });
  tenantId = (await getTenantBySlug(handle.db, { slug: "e2e-webhooks" }))!.id;
  await upsertStripeSettings(handle.db, { tenantId, mode: "test", patch: { webhookSecretEnc: encryptSecret(SECRET), webhookSecretHint: SECRET.slice(-4) } });
});
test.afterAll(async () => handle?.close());

async function deliver(event: object) {
  const payload = JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET });
  return fetch(`${APP_URL}/api/webhooks/stripe/${tenantId}/test`, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": signature }, body: payload });
}

function piEvent(id: string, type: string, pi: Stripe.PaymentIntent, created: number) {
  return { id, object: "event", api_version: "2026-10-28.endive", created, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type, data: { object: pi } };
}

test("a member cannot open the webhook event log", async ({ page }) => {
  await signIn(page, "member@e2e-webhooks.test");
  expect((await page.goto("/e2e-webhooks/admin/webhooks"))?.status()).toBe(403);
});

test("an admin finds a failed event, replays it once Stripe is reachable, and a second replay changes nothing", async ({ page, browser }) => {
  // A PaymentIntent that exists in the (emulated) Stripe account acme will be connected to.
  const account = (await (await fetch(`${EMULATOR_URL}/_emulator/accounts`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ mode: "test", name: "Acme Webhooks" }) })).json()) as { secretKey: string; publishableKey: string };
  const stripe = new Stripe(account.secretKey, { host: "127.0.0.1", port: EMULATOR_PORT, protocol: "http" });
  const intent = await stripe.paymentIntents.create({ amount: 4200, currency: "usd" });

  // Two events in the same second: the second is a tie that needs Stripe — not connected yet, so it fails.
  const created = Math.floor(Date.now() / 1000);
  const suffix = intent.id.slice(-8);
  expect((await deliver(piEvent(`evt_e2e_a_${suffix}`, "payment_intent.processing", { ...intent, status: "processing" }, created))).status).toBe(200);
  expect((await deliver(piEvent(`evt_e2e_b_${suffix}`, "payment_intent.payment_failed", { ...intent, status: "requires_payment_method" }, created))).status).toBe(500);

  await signIn(page, "admin@e2e-webhooks.test");
  await page.goto("/e2e-webhooks/admin/webhooks");
  await page.getByLabel("Status").selectOption("failed");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/status=failed/);
  const item = page.locator(`li[data-event-id="evt_e2e_b_${suffix}"]`);
  await expect(item).toContainText("payment_intent.payment_failed");
  await expect(item).toContainText(/Stripe is not configured/);
  await item.getByText("Payload").click();
  await expect(item.locator("pre")).toContainText(`"id": "${intent.id}"`);

  // Still not connected: the replay fails again and says so.
  await item.getByRole("button", { name: /Replay/ }).click();
  await expect(item.getByRole("status")).toHaveText(/failed again/);

  // Connect acme to the emulated account; open a second tab on the same (now stale) list.
  await upsertStripeSettings(handle.db, { tenantId, mode: "test", patch: { secretKeyEnc: encryptSecret(account.secretKey), publishableKey: account.publishableKey } });
  const stale = await browser.newPage();
  await signIn(stale, "admin@e2e-webhooks.test");
  await stale.goto("/e2e-webhooks/admin/webhooks?status=failed");
  const staleItem = stale.locator(`li[data-event-id="evt_e2e_b_${suffix}"]`);
  await expect(staleItem.getByRole("button", { name: /Replay/ })).toBeVisible();

  await page.reload();
  await item.getByRole("button", { name: /Replay/ }).click();
  // No longer `failed`: the page shows the event on its own with the outcome.
  await expect(page).toHaveURL(new RegExp(`event=evt_e2e_b_${suffix}&replayed=processed`));
  await expect(page.getByRole("status").filter({ hasText: "Replayed and processed:" })).toBeVisible();
  await expect(item.getByText("Processed", { exact: true })).toBeVisible();
  await expect(item.getByRole("button", { name: /Replay/ })).toHaveCount(0);

  await staleItem.getByRole("button", { name: /Replay/ }).click();
  await expect(stale).toHaveURL(/replayed=duplicate/);
  await expect(stale.getByRole("status").filter({ hasText: "Already processed, nothing changed:" })).toBeVisible();
  await stale.close();

  const [row] = await handle.db.select().from(webhookEvents).where(and(eq(webhookEvents.tenantId, tenantId), eq(webhookEvents.eventId, `evt_e2e_b_${suffix}`)));
  expect(row).toMatchObject({ status: "processed", attempts: 3, lastError: null });
  // The tie was settled with Stripe's own copy of the intent.
  const [payment] = await handle.db.select().from(payments).where(and(eq(payments.tenantId, tenantId), eq(payments.stripePaymentIntentId, intent.id)));
  expect(payment).toMatchObject({ status: intent.status, amount: 4200 });

  await page.goto("/e2e-webhooks/admin/webhooks?status=processed&type=payment_intent.payment_failed");
  await expect(page.locator(`li[data-event-id="evt_e2e_b_${suffix}"]`)).toBeVisible();
});
