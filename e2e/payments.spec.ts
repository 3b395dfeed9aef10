import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import { signIn } from "./support/auth";
import { e2eDatabaseUrl } from "./support/e2e-env";
import { connectTenantToEmulator, fillCard, shoot as shootTo } from "./support/emulator";

const SHOTS = process.env.PAYMENTS_SHOTS;
const shoot = (page: Page, name: string) => shootTo(page, SHOTS, name);
let priceId = "";
let globexPaymentId = "";

/** History and admin lists follow the webhook: reload until it has arrived. */
async function expectRowStatus(page: Page, url: string, status: string) {
  await expect(async () => {
    await page.goto(url);
    await expect(page.getByTestId("payment-row").filter({ visible: true }).first().getByTestId("payment-status").first()).toHaveText(status, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
}

test.describe.serial("member payments", () => {
  test.beforeAll(async ({ browser }) => {
    // Connect acme's test mode to the emulator and register its webhook endpoint, as an admin would.
    await connectTenantToEmulator(browser, { slug: "e2e-payments", adminEmail: "admin@e2e-payments.test", name: "Acme Emulated" });

    const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
    const [acme] = await sql`select id from tenants where slug = 'e2e-payments'`;
    const [product] = await sql`insert into catalog_products (tenant_id, kind, name, description) values (${acme!.id}, 'event_ticket', 'Spring workshop', 'Saturday 10:00–13:00, main hall') returning id`;
    const [price] = await sql`insert into catalog_prices (tenant_id, product_id, amount, currency, type) values (${acme!.id}, ${product!.id}, 4500, 'usd', 'one_time') returning id`;
    priceId = price!.id;
    // A globex payment row, to prove acme cannot read it.
    const [globex] = await sql`select id from tenants where slug = 'globex'`;
    const [member] = await sql`select id from users where email = 'member@globex.test'`;
    const [gp] = await sql`insert into payments (tenant_id, mode, last_event_created, last_event_id, stripe_payment_intent_id, status, amount, currency, user_id)
      values (${globex!.id}, 'test', 1, 'evt_x', 'pi_globex_1', 'succeeded', 999, 'usd', ${member!.id}) returning id`;
    globexPaymentId = gp!.id;
    await sql.end();
  });

  test("4242 succeeds; history and the admin list show it after the webhook", async ({ page, browser }) => {
    await signIn(page, "member@e2e-payments.test");
    await page.goto(`/e2e-payments/billing/pay/${priceId}`);
    await expect(page.getByTestId("order-total")).toHaveText("$45.00");
    await expect(page.getByLabel("Card number")).toBeVisible();
    await shoot(page, "checkout");
    await fillCard(page, "4242 4242 4242 4242");
    await page.getByRole("button", { name: "Pay $45.00" }).click();
    await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
    await shoot(page, "return");
    await expectRowStatus(page, "/e2e-payments/billing/history", "Succeeded");
    await shoot(page, "history");
    // The member home's "Recent payments" shows it too (it used to be a fixed empty state).
    await expectRowStatus(page, "/e2e-payments", "Succeeded");
    await expect(page.getByTestId("payment-row").filter({ visible: true }).first()).toContainText("$45.00");
    await shoot(page, "member-home");

    const admin = await browser.newPage();
    await signIn(admin, "admin@e2e-payments.test");
    await expectRowStatus(admin, "/e2e-payments/admin/payments", "Succeeded");
    await expect(admin.getByTestId("payment-row").filter({ visible: true }).first()).toContainText("member@e2e-payments.test");
    await shoot(admin, "admin-payments");
    await admin.close();
  });

  test("3-D Secure: the challenge is completed and the payment succeeds", async ({ page }) => {
    await signIn(page, "member@e2e-payments.test");
    await page.goto(`/e2e-payments/billing/pay/${priceId}`);
    await fillCard(page, "4000 0025 0000 3155");
    await page.getByRole("button", { name: "Pay $45.00" }).click();
    const dialog = page.getByRole("dialog", { name: "3D Secure authentication" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Complete authentication" }).click();
    await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
  });

  test("9995 shows insufficient funds inline and records a failed payment; 0069 shows the expired-card message", async ({ page }) => {
    await signIn(page, "member@e2e-payments.test");
    await page.goto(`/e2e-payments/billing/pay/${priceId}`);
    await fillCard(page, "4000 0000 0000 9995");
    await page.getByRole("button", { name: "Pay $45.00" }).click();
    await expect(page.getByRole("alert").filter({ hasText: /insufficient funds/i })).toBeVisible();
    await expect(page.getByRole("alert").filter({ hasText: "Try another card" })).toBeVisible();
    await shoot(page, "checkout-declined");
    await expectRowStatus(page, "/e2e-payments/billing/history", "Failed");

    await page.goto(`/e2e-payments/billing/pay/${priceId}`);
    await fillCard(page, "4000 0000 0000 0069");
    await page.getByRole("button", { name: "Pay $45.00" }).click();
    await expect(page.getByRole("alert").filter({ hasText: /expired/i })).toBeVisible();
  });

  test("a saved card pays without re-entering it", async ({ page }) => {
    await signIn(page, "member@e2e-payments.test");
    await page.goto(`/e2e-payments/billing/pay/${priceId}`);
    await fillCard(page, "4242 4242 4242 4242");
    await page.getByLabel("Save this card for future payments").check();
    await page.getByRole("button", { name: "Pay $45.00" }).click();
    await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();

    await expect(async () => {
      await page.goto(`/e2e-payments/billing/pay/${priceId}`);
      await expect(page.getByRole("radio", { name: /Visa ending 4242/ })).toBeChecked({ timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await expect(page.getByLabel("Card number")).toHaveCount(0);
    await shoot(page, "checkout-saved-card");
    await page.getByRole("button", { name: "Pay $45.00" }).click();
    await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
  });

  test("the admin refunds part, then the rest; a third refund is refused; members get 403; other tenants 404", async ({ page, browser }) => {
    await signIn(page, "admin@e2e-payments.test");
    await expectRowStatus(page, "/e2e-payments/admin/payments?status=succeeded", "Succeeded");
    await page.getByTestId("payment-row").filter({ visible: true }).first().getByRole("link").first().click();
    await expect(page.getByRole("heading", { name: /\$45\.00/ })).toBeVisible();
    const paymentId = page.url().split("/").pop()!;

    await page.getByLabel("Amount (USD)").fill("10.00");
    // Money moves only after a confirmation that names the amount; Cancel changes nothing.
    await page.getByRole("button", { name: "Refund" }).click();
    const dialog = page.getByRole("dialog", { name: "Refund this payment?" });
    await expect(dialog).toContainText("This sends $10.00 back to the member's card.");
    await shoot(page, "refund-confirm");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("refund-row")).toHaveCount(0);
    await page.getByRole("button", { name: "Refund" }).click();
    await dialog.getByRole("button", { name: "Yes, refund" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Refund requested" })).toBeVisible();
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("refund-row").first()).toContainText("Refunded", { timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await expect(page.getByText("Up to $35.00 can be refunded.")).toBeVisible();
    await shoot(page, "admin-payment");

    await page.getByRole("button", { name: "Refund" }).click();
    await expect(dialog).toContainText("everything left, $35.00");
    await dialog.getByRole("button", { name: "Yes, refund" }).click();
    // Everything is now requested: the form gives way to a plain statement.
    await expect(page.getByText("This payment has been refunded in full.")).toBeVisible();
    await expect(page.getByTestId("refund-row")).toHaveCount(2);
    const third = await page.request.post(`/api/payments/${paymentId}/refund?tenant=e2e-payments`, { data: {}, headers: { origin: new URL(page.url()).origin } });
    expect(third.status()).toBe(409);
    expect((await third.json()).error.message).toMatch(/already been refunded in full \(\$45\.00\)/);
    await expectRowStatus(page, "/e2e-payments/admin/payments", "Refunded");

    expect((await page.request.get(`/api/payments/${globexPaymentId}?tenant=e2e-payments`)).status()).toBe(404);
    expect((await page.request.get(`/api/payments/${globexPaymentId}?tenant=globex`)).status()).toBe(404);

    const member = await browser.newPage();
    await signIn(member, "member@e2e-payments.test");
    const refused = await member.request.post(`/api/payments/${paymentId}/refund?tenant=e2e-payments`, { data: {}, headers: { origin: new URL(member.url()).origin } });
    expect(refused.status()).toBe(403);
    expect((await member.request.get(`/api/payments/${paymentId}?tenant=e2e-payments`)).status()).toBe(200);
    await member.close();
  });
});

test("a member finds the one-time item on Plans & pricing and reaches its checkout", async ({ page }) => {
  await signIn(page, "member@e2e-payments.test");
  await page.goto("/e2e-payments/billing");
  const offer = page.getByRole("region", { name: "Tickets and one-time items" });
  await offer.getByRole("link", { name: "Buy" }).first().click();
  await expect(page).toHaveURL(/\/e2e-payments\/billing\/pay\//);
  await expect(page.getByText("Spring workshop").first()).toBeVisible();
});
