import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./support/auth";
import { EMULATOR_URL } from "./support/e2e-env";

type Account = { id: string; secretKey: string; publishableKey: string };

async function newAccount(): Promise<Account> {
  const res = await fetch(`${EMULATOR_URL}/_emulator/accounts`, { method: "POST", body: JSON.stringify({ name: "Acme e2e" }) });
  return (await res.json()) as Account;
}

async function saveKeys(page: Page, keys: { publishableKey?: string; secretKey: string }) {
  await page.goto("/e2e-catalog/settings/integrations/stripe");
  if (keys.publishableKey) await page.getByLabel("Publishable key").fill(keys.publishableKey);
  await page.getByLabel("Secret key or restricted key").fill(keys.secretKey);
  await page.getByRole("button", { name: "Save test keys" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Saved/ })).toBeVisible();
}

async function stripeGet<T>(key: string, path: string): Promise<T> {
  const res = await fetch(`${EMULATOR_URL}${path}`, { headers: { Authorization: `Bearer ${key}` } });
  return (await res.json()) as T;
}

async function createProduct(page: Page, { kind, name, amount, billing }: { kind: string; name: string; amount: string; billing: string }) {
  const form = page.getByTestId("new-product-form");
  await form.getByLabel("Kind").selectOption(kind);
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Amount").fill(amount);
  await form.getByLabel("Billing").selectOption(billing);
  await form.getByRole("button", { name: "Create product" }).click();
  await expect(form.getByRole("status")).toContainText(`Created “${name}”`);
}

test.describe.serial("catalog synced to Stripe", () => {
  let account: Account;

  test("an admin creates a monthly plan and an event ticket; both are Synced with test-mode Dashboard links", async ({ page }) => {
    account = await newAccount();
    await signIn(page, "admin@e2e-catalog.test");
    await saveKeys(page, account);
    await page.goto("/e2e-catalog/admin/catalog");
    await createProduct(page, { kind: "membership_plan", name: "E2E Monthly", amount: "25.00", billing: "month" });
    await createProduct(page, { kind: "event_ticket", name: "E2E Gala ticket", amount: "40", billing: "one_time" });
    for (const name of ["E2E Monthly", "E2E Gala ticket"]) {
      const row = page.getByTestId("catalog-product").filter({ hasText: name });
      await expect(row.getByTestId("sync-status").first()).toHaveText("Synced");
      const link = row.getByRole("link", { name: /Open in Stripe/ }).first();
      await expect(link).toHaveAttribute("href", /^https:\/\/dashboard\.stripe\.com\/test\/products\/prod_/);
    }
    const products = await stripeGet<{ data: { name: string }[] }>(account.secretKey, "/v1/products");
    expect(products.data.map((p) => p.name).sort()).toEqual(["E2E Gala ticket", "E2E Monthly"]);
  });

  test("editing the monthly amount creates a new Stripe price and archives the old one", async ({ page }) => {
    await signIn(page, "admin@e2e-catalog.test");
    await page.goto("/e2e-catalog/admin/catalog");
    await page.getByRole("link", { name: "E2E Monthly" }).click();
    await page.getByText("Change price").click();
    const form = page.getByTestId("change-price-form");
    await form.getByLabel("Amount").fill("30.00");
    await form.getByRole("button", { name: "Create new price" }).click();
    await expect(page.getByTestId("price-version")).toHaveCount(2);
    await expect(page.getByTestId("price-version").filter({ hasText: "Archived" })).toContainText("$25.00");
    const prices = await stripeGet<{ data: { unit_amount: number; active: boolean }[] }>(account.secretKey, "/v1/prices?limit=100");
    const monthly = prices.data.filter((p) => p.unit_amount === 2500 || p.unit_amount === 3000);
    expect(monthly.map((p) => [p.unit_amount, p.active]).sort()).toEqual([[2500, false], [3000, true]]);
  });

  test("with an invalid key the row shows Error; Retry succeeds after the key is fixed", async ({ page }) => {
    await signIn(page, "admin@e2e-catalog.test");
    await saveKeys(page, { secretKey: "sk_test_rolledKeyThatStripeRejects0000" });
    await page.goto("/e2e-catalog/admin/catalog");
    await createProduct(page, { kind: "other", name: "E2E Workshop", amount: "15", billing: "one_time" }).catch(() => undefined);
    const row = page.getByTestId("catalog-product").filter({ hasText: "E2E Workshop" });
    await expect(row.getByTestId("sync-status").first()).toHaveText("Error");
    await expect(row).toContainText("rejected the test-mode secret key");
    await saveKeys(page, { secretKey: account.secretKey });
    await page.goto("/e2e-catalog/admin/catalog");
    await row.getByRole("button", { name: "Retry" }).click();
    await expect(row.getByTestId("sync-status").first()).toHaveText("Synced");
  });

  test("a member sees the catalog but gets 403 on the admin catalog", async ({ page }) => {
    await signIn(page, "member@e2e-catalog.test");
    await page.getByRole("link", { name: "Plans & pricing" }).first().click();
    await expect(page.getByRole("heading", { name: "Plans & pricing" })).toBeVisible();
    await expect(page.getByText("$30.00 / month")).toBeVisible();
    await expect(page.getByText("$40.00 one-time")).toBeVisible();
    const response = await page.goto("/e2e-catalog/admin/catalog");
    expect(response?.status()).toBe(403);
  });
});
