import { expect, type Browser, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import postgres from "postgres";
import { signIn } from "./auth";
import { e2eDatabaseUrl, EMULATOR_URL } from "./e2e-env";

/** POSTs to the emulator's control API (/_emulator/...), e.g. "accounts" or "unreachable". */
export async function emulatorControl(path: string, body: object = {}) {
  const res = await fetch(`${EMULATOR_URL}/_emulator/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.ok).toBe(true);
  return res.json() as Promise<Record<string, string>>;
}

/** Connects a tenant's test mode to a fresh emulator account and registers its webhook endpoint, as its admin would. */
export async function connectTenantToEmulator(browser: Browser, { slug, adminEmail, name, password }: { slug: string; adminEmail: string; name: string; password?: string }) {
  const account = await emulatorControl("accounts", { mode: "test", name });
  const page = await browser.newPage();
  await signIn(page, adminEmail, password);
  await page.goto(`/${slug}/settings/integrations/stripe?mode=test`);
  await page.getByRole("textbox", { name: "Publishable key" }).fill(account.publishableKey!);
  await page.getByLabel("Secret key or restricted key").fill(account.secretKey!);
  await page.getByRole("button", { name: "Save test keys" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  await page.getByRole("button", { name: "Create webhook endpoint" }).click();
  await expect(page.getByTestId("webhook-endpoint-id")).toHaveText(/^we_/);
  await page.close();
  return account;
}

/** Types a test card into the emulator's Payment Element stand-in. */
export async function fillCard(page: Page, number: string) {
  await page.getByLabel("Card number").fill(number);
  await page.getByLabel("Expiration (MM / YY)").fill("12 / 34");
  await page.getByLabel("CVC").fill("123");
  await page.getByLabel("ZIP").fill("12345");
}

/** Full-page screenshots at 1280 and 390 px into `dir` (skipped when dir is unset). */
export async function shoot(page: Page, dir: string | undefined, name: string) {
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.screenshot({ path: `${dir}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Calls the emulated Stripe API as a tenant's account (its secret key); fails the test on an error answer. */
export async function tenantStripe(secretKey: string, path: string, params: Record<string, string> = {}, method = "POST") {
  const res = await fetch(`${EMULATOR_URL}/v1/${path}`, {
    method,
    headers: { authorization: `Bearer ${secretKey}`, "content-type": "application/x-www-form-urlencoded" },
    body: method === "GET" ? undefined : new URLSearchParams(params),
  });
  expect(res.ok).toBe(true);
  return res.json() as Promise<Record<string, unknown>>;
}

/**
 * A monthly membership plan in the tenant's catalog, with its product and price created in the
 * tenant's emulator account and the price mapping written as a catalog sync writes it. Returns the
 * portal's price id (what /billing/subscribe/[priceId] takes).
 */
export async function seedSyncedMonthlyPlan(secretKey: string, { slug, name, amount }: { slug: string; name: string; amount: number }): Promise<string> {
  const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
  try {
    const [tenant] = await sql`select id from tenants where slug = ${slug}`;
    const [product] = await sql`insert into catalog_products (tenant_id, kind, name) values (${tenant!.id}, 'membership_plan', ${name}) returning id`;
    const [price] = await sql`insert into catalog_prices (tenant_id, product_id, amount, currency, type, interval, interval_count, nickname) values (${tenant!.id}, ${product!.id}, ${amount}, 'usd', 'recurring', 'month', 1, 'Monthly') returning id`;
    const stripeProduct = await tenantStripe(secretKey, "products", { name });
    const stripePrice = await tenantStripe(secretKey, "prices", { product: String(stripeProduct.id), currency: "usd", unit_amount: String(amount), "recurring[interval]": "month", nickname: "Monthly" });
    await sql`insert into stripe_catalog_mappings (tenant_id, mode, object_kind, local_id, stripe_id, status) values (${tenant!.id}, 'test', 'price', ${price!.id}, ${String(stripePrice.id)}, 'synced')`;
    return String(price!.id);
  } finally {
    await sql.end();
  }
}
