import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import { signIn } from "./support/auth";
import { e2eDatabaseUrl } from "./support/e2e-env";
import { connectTenantToEmulator, fillCard, shoot as shootTo } from "./support/emulator";
import { SPEC_TENANTS } from "./support/spec-tenants";

const SLUG = SPEC_TENANTS.tax;
const SHOTS = process.env.TAX_SHOTS;
const shoot = (page: Page, name: string) => shootTo(page, SHOTS, name);
let priceId = "";

async function expectNoHorizontalOverflow(page: Page) {
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 900 });
}

// The emulator's Stripe Tax charges Germany's 19 % VAT: $50.00 + $9.50.
test.describe.serial("Stripe Tax", () => {
  test.beforeAll(async ({ browser }) => {
    await connectTenantToEmulator(browser, { slug: SLUG, adminEmail: `admin@${SLUG}.test`, name: "Tax Emulated" });
    const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
    const [tenant] = await sql`select id from tenants where slug = ${SLUG}`;
    const [product] = await sql`insert into catalog_products (tenant_id, kind, name, description) values (${tenant!.id}, 'event_ticket', 'Masterclass', 'Sunday 14:00') returning id`;
    const [price] = await sql`insert into catalog_prices (tenant_id, product_id, amount, currency, type) values (${tenant!.id}, ${product!.id}, 5000, 'usd', 'one_time') returning id`;
    priceId = price!.id;
    await sql.end();
  });

  test("without tax the checkout asks for no address and charges the price", async ({ page }) => {
    await signIn(page, `member@${SLUG}.test`);
    await page.goto(`/${SLUG}/billing/pay/${priceId}`);
    await expect(page.getByTestId("order-total")).toHaveText("$50.00");
    await expect(page.getByTestId("order-tax")).toHaveCount(0);
    await expect(page.getByLabel("Card number")).toBeVisible();
  });

  test("the admin turns on Stripe Tax; the change is audit-logged", async ({ page }) => {
    await signIn(page, `admin@${SLUG}.test`);
    await page.goto(`/${SLUG}/settings/integrations/stripe`);
    const form = page.getByTestId("stripe-tax-form");
    await expect(form).toContainText("Collect tax with Stripe Tax");
    await form.getByRole("checkbox", { name: /Collect tax with Stripe Tax/ }).check();
    await form.getByRole("button", { name: "Save tax setting" }).click();
    await expect(form).toContainText("New subscriptions, invoices and payments collect tax");
    await shoot(page, "admin-tax-setting");
    await page.reload();
    await expect(page.getByTestId("stripe-tax-form").getByRole("checkbox", { name: /Collect tax with Stripe Tax/ })).toBeChecked();
    await page.goto(`/${SLUG}/admin/audit`);
    await expect(page.getByText("tax_enabled").filter({ visible: true }).first()).toBeVisible();
  });

  test("the member enters a billing address, sees the tax, pays it, and the receipt shows it", async ({ page }) => {
    await signIn(page, `member@${SLUG}.test`);
    await page.goto(`/${SLUG}/billing/pay/${priceId}`);
    const step = page.getByTestId("billing-address-step");
    await expect(step).toBeVisible();
    await expect(page.getByLabel("Card number")).toHaveCount(0);
    await shoot(page, "address-step");
    await expectNoHorizontalOverflow(page);
    await step.getByLabel("Country").selectOption("DE");
    await step.getByLabel("Postal code").fill("10115");
    await expect(page.getByText("Price before tax")).toBeVisible();
    await step.getByRole("button", { name: "Continue" }).click();

    await expect(page.getByTestId("order-subtotal")).toHaveText("$50.00");
    await expect(page.getByTestId("order-tax")).toHaveText("$9.50");
    await expect(page.getByTestId("order-total")).toHaveText("$59.50");
    await expect(page.getByTestId("billing-address")).toHaveText("10115, Germany");
    await shoot(page, "checkout-with-tax");
    await expectNoHorizontalOverflow(page);

    await fillCard(page, "4242 4242 4242 4242");
    await page.getByRole("button", { name: "Pay $59.50" }).click();
    await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
    await expect(page.getByTestId("receipt-tax")).toHaveText("$9.50");
    await expect(page.getByText("$59.50").first()).toBeVisible();
    await shoot(page, "receipt-with-tax");
    await expectNoHorizontalOverflow(page);

    // The address stays on the member's Stripe customer; Payment methods shows it for correction.
    await page.goto(`/${SLUG}/billing/payment-methods`);
    const address = page.getByTestId("billing-address-form");
    await expect(address.getByLabel("Country")).toHaveValue("DE");
    await expect(address.getByLabel("Postal code")).toHaveValue("10115");
    await shoot(page, "payment-methods-address");
    await expectNoHorizontalOverflow(page);
  });
});
