import { expect, request, test } from "@playwright/test";
import postgres from "postgres";
import { signIn } from "./support/auth";
import { APP_URL, e2eDatabaseUrl } from "./support/e2e-env";
import { connectTenantToEmulator, fillCard, shoot } from "./support/emulator";

const SHOTS = process.env.PAYMENT_METHODS_SHOTS;
let priceId = "";
let globexPaymentId = "";
let acmePaymentId = "";

test.describe.serial("saved cards and API keys", () => {
  test.beforeAll(async ({ browser }) => {
    const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
    const [acme] = await sql`select id from tenants where slug = 'e2e-cards'`;
    // Another spec may have connected acme already; a second account would orphan the member's customer.
    const [connected] = await sql`select 1 from stripe_settings where tenant_id = ${acme!.id} and mode = 'test' and secret_key_enc is not null and webhook_endpoint_id is not null`;
    if (!connected) await connectTenantToEmulator(browser, { slug: "e2e-cards", adminEmail: "admin@e2e-cards.test", name: "Acme Cards" });
    const [product] = await sql`insert into catalog_products (tenant_id, kind, name) values (${acme!.id}, 'other', 'Locker rental') returning id`;
    const [price] = await sql`insert into catalog_prices (tenant_id, product_id, amount, currency, type) values (${acme!.id}, ${product!.id}, 1500, 'usd', 'one_time') returning id`;
    priceId = price!.id;
    const [globex] = await sql`select id from tenants where slug = 'globex'`;
    const [member] = await sql`select id from users where email = 'member@globex.test'`;
    const [gp] = await sql`insert into payments (tenant_id, mode, last_event_created, last_event_id, stripe_payment_intent_id, status, amount, currency, user_id)
      values (${globex!.id}, 'test', 1, 'evt_pm_spec', 'pi_globex_pm_spec', 'succeeded', 777, 'usd', ${member!.id}) returning id`;
    globexPaymentId = gp!.id;
    await sql.end();
  });

  test("a member saves a card, makes it the default, pays with it without re-entering it, and removes it", async ({ page }) => {
    await signIn(page, "member@e2e-cards.test");
    await page.goto("/e2e-cards");
    await page.getByRole("link", { name: "Payment methods" }).filter({ visible: true }).first().click();
    await expect(page.getByRole("heading", { name: "Payment methods" })).toBeVisible();
    const cards = page.getByTestId("saved-card");
    // Earlier specs may have saved cards for this member: start from what is there.
    const before = await cards.count();
    if (before === 0) {
      await expect(page.getByText("No saved cards yet")).toBeVisible();
      await shoot(page, SHOTS, "payment-methods-empty");
    }

    await page.getByRole("button", { name: "Add a card" }).click();
    await fillCard(page, "5555 5555 5555 4444");
    await page.getByRole("button", { name: "Save card" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Card added, it will appear in a moment" })).toBeVisible();
    await shoot(page, SHOTS, "payment-methods-saving");
    // The page refreshes itself until payment_method.attached has been recorded.
    const saved = cards.filter({ hasText: "Mastercard ending 4444" });
    await expect(saved).toBeVisible({ timeout: 20_000 });
    // The used SetupIntent is gone: the form is closed, ready for another card.
    await expect(page.getByRole("button", { name: "Add a card" })).toBeVisible();
    await saved.getByRole("button", { name: "Set as default" }).click();
    await expect(saved.getByText("Default", { exact: true })).toBeVisible();
    await shoot(page, SHOTS, "payment-methods");

    await page.goto(`/e2e-cards/billing/pay/${priceId}`);
    const radio = page.getByRole("radio", { name: /Mastercard ending 4444/ });
    await radio.check();
    await expect(page.getByLabel("Card number")).toHaveCount(0);
    await page.getByRole("button", { name: "Pay $15.00" }).click();
    await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
    acmePaymentId = page.url().split("/").pop()!;

    await page.goto("/e2e-cards/billing/payment-methods");
    await saved.getByRole("button", { name: /^Remove Mastercard ending 4444/ }).click();
    await saved.getByRole("button", { name: "Yes, remove" }).click();
    await expect(saved.getByRole("status")).toContainText("Card removed");
    await expect(saved).toHaveCount(0, { timeout: 20_000 });
    await expect(cards).toHaveCount(before);
  });

  test("an admin creates an API key (shown once); it reads acme payments, not globex's; revoking it stops it", async ({ page }) => {
    await signIn(page, "admin@e2e-cards.test");
    await page.goto("/e2e-cards/settings/api-keys");
    await page.getByLabel("Name").fill("Reporting export");
    await page.getByLabel("Role").selectOption("ROLE_CLIENT_ADMIN");
    await page.getByRole("button", { name: "Create key" }).click();
    const shown = page.getByLabel("New API key");
    await expect(shown).toHaveValue(/^mpk_/);
    const token = await shown.inputValue();
    await expect(page.getByText("it is shown only this once")).toBeVisible();
    await shoot(page, SHOTS, "api-keys-created");

    await page.reload();
    await expect(page.getByLabel("New API key")).toHaveCount(0);
    const row = page.getByTestId("api-key-row").filter({ hasText: "Reporting export" });
    await expect(row).toContainText(token.slice(0, 12));
    await expect(row).toContainText("Admin");
    await expect(page.locator("body")).not.toContainText(token);

    const api = await request.newContext({ baseURL: APP_URL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
    const own = await api.get(`/api/payments/${acmePaymentId}`);
    expect(own.status()).toBe(200);
    expect(((await own.json()) as { id: string }).id).toBe(acmePaymentId);
    expect((await api.get(`/api/payments/${globexPaymentId}`)).status()).toBe(404);
    expect((await api.get(`/api/payments/${globexPaymentId}?tenant=globex`)).status()).toBe(404);

    await page.reload();
    await expect(row).toContainText("Last used");
    await shoot(page, SHOTS, "api-keys");
    await row.getByRole("button", { name: "Revoke Reporting export" }).click();
    await row.getByRole("button", { name: "Yes, revoke" }).click();
    await expect(row).toContainText("Revoked");
    expect((await api.get(`/api/payments/${acmePaymentId}`)).status()).toBe(401);
    await api.dispose();
  });
});
