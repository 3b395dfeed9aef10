import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import { signIn } from "./support/auth";
import { APP_URL, E2E_CONNECT_PLATFORM, e2eDatabaseUrl, EMULATOR_URL } from "./support/e2e-env";
import { emulatorControl, fillCard, shoot as shootTo } from "./support/emulator";
import { SPEC_TENANTS } from "./support/spec-tenants";

const SHOTS = process.env.CONNECT_SHOTS;
const shoot = (page: Page, name: string) => shootTo(page, SHOTS, name);
const SLUG = SPEC_TENANTS.connectOnboarding;
const SETTINGS = `/${SLUG}/settings/integrations/stripe`;
let accountId = "";
let ticketPriceId = "";

/** No sideways scrolling at a phone's width. */
async function expectNoOverflowAt390(page: Page) {
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 900 });
}

test.describe.serial("Connect Onboarding: an organisation without a Stripe account", () => {
  test.beforeAll(async () => {
    // The platform the server's STRIPE_CONNECT_* names, and its one Connect webhook endpoint (same as connect.spec).
    const platform = await emulatorControl("accounts", { mode: "test", name: "MemberPulse Platform", secretKey: E2E_CONNECT_PLATFORM.secretKey, publishableKey: E2E_CONNECT_PLATFORM.publishableKey, connectClientId: E2E_CONNECT_PLATFORM.clientId });
    await emulatorControl(`accounts/${platform.id}/connect-endpoint`, { url: `${APP_URL}/api/webhooks/stripe/connect/test`, secret: E2E_CONNECT_PLATFORM.webhookSecret });
  });

  test("the admin creates an account, leaves Stripe's form (not connected), then completes it and is connected", async ({ page }) => {
    await signIn(page, `admin@${SLUG}.test`);
    await page.goto(`${SETTINGS}?mode=test`);
    await expect(page.getByTestId("stripe-status")).toHaveText("Not configured");
    await page.getByRole("button", { name: "Create a Stripe account" }).click();
    await expect(page).toHaveURL(new RegExp(`^${EMULATOR_URL}/setup/s/`));
    await expect(page.getByRole("heading", { name: "Set up your Stripe account" })).toBeVisible();

    // Leaving the form brings the admin back without connecting anything.
    await page.getByRole("button", { name: "Leave for now" }).click();
    await expect(page).toHaveURL(new RegExp(`${SETTINGS}\\?mode=test&connect=onboarding_incomplete$`));
    await expect(page.getByTestId("stripe-connect-notice")).toContainText("Stripe still needs some details");
    await expect(page.getByTestId("stripe-status")).toHaveText("Setting up");
    await expect(page.getByTestId("stripe-onboarding")).toContainText("acct_");
    await expectNoOverflowAt390(page);
    await shoot(page, "integrations-onboarding");

    await page.getByRole("button", { name: "Continue setup" }).click();
    await expect(page).toHaveURL(new RegExp(`^${EMULATOR_URL}/setup/s/`));
    await page.getByRole("button", { name: "Complete" }).click();
    await expect(page).toHaveURL(new RegExp(`${SETTINGS}\\?mode=test&connect=onboarding_connected$`));
    await expect(page.getByTestId("stripe-connect-notice")).toHaveText("Your new Stripe account is set up and connected. Members can pay now.");
    await expect(page.getByTestId("stripe-status")).toHaveText("Connected");
    accountId = (await page.getByTestId("stripe-connect-connected").locator("code").first().textContent()) ?? "";
    expect(accountId).toMatch(/^acct_/);
    await shoot(page, "integrations-onboarded");

    const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
    const [row] = await sql`select s.connect_account_id, s.secret_key_enc, s.charges_enabled from stripe_settings s join tenants t on t.id = s.tenant_id where t.slug = ${SLUG} and s.mode = 'test'`;
    expect(row).toEqual({ connect_account_id: accountId, secret_key_enc: null, charges_enabled: true });
    const [pending] = await sql`select count(*)::int as n from stripe_connect_onboardings o join tenants t on t.id = o.tenant_id where t.slug = ${SLUG}`;
    expect(pending!.n).toBe(0);
    // Stripe's account.updated reached the Connect endpoint with the account set.
    await expect(async () => {
      const deliveries = (await (await fetch(`${EMULATOR_URL}/_emulator/deliveries?account=${accountId}&type=account.updated`)).json()) as { data: { url: string; ok: boolean }[] };
      expect(deliveries.data.some((d) => d.url.endsWith("/api/webhooks/stripe/connect/test") && d.ok)).toBe(true);
    }).toPass({ timeout: 10_000 });
    const [acme] = await sql`select id from tenants where slug = ${SLUG}`;
    const [ticket] = await sql`insert into catalog_products (tenant_id, kind, name) values (${acme!.id}, 'event_ticket', 'Onboarding workshop') returning id`;
    const [tp] = await sql`insert into catalog_prices (tenant_id, product_id, amount, currency, type) values (${acme!.id}, ${ticket!.id}, 4500, 'usd', 'one_time') returning id`;
    ticketPriceId = tp!.id;
    await sql.end();
  });

  test("a member pays with 4242 in the new account", async ({ page }) => {
    await signIn(page, `member@${SLUG}.test`);
    await page.goto(`/${SLUG}/billing`);
    await page.getByRole("region", { name: "Tickets and one-time items" }).getByRole("link", { name: "Buy" }).first().click();
    await expect(page).toHaveURL(new RegExp(`/${SLUG}/billing/pay/${ticketPriceId}`));
    await fillCard(page, "4242 4242 4242 4242");
    await page.getByRole("button", { name: "Pay $45.00" }).click();
    await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
    await expect(async () => {
      await page.goto(`/${SLUG}/billing/history`);
      await expect(page.getByTestId("payment-row").filter({ visible: true }).first().getByTestId("payment-status").first()).toHaveText("Succeeded", { timeout: 1000 });
    }).toPass({ timeout: 20_000 });

    const res = await fetch(`${EMULATOR_URL}/v1/payment_intents`, { headers: { authorization: `Bearer ${E2E_CONNECT_PLATFORM.secretKey}`, "stripe-account": accountId } });
    const intents = ((await res.json()) as { data: { amount: number; status: string }[] }).data;
    expect(intents.find((pi) => pi.amount === 4500)?.status).toBe("succeeded");
  });
});
