import { expect, test, type Browser, type Page } from "@playwright/test";
import postgres from "postgres";
import { signIn } from "./support/auth";
import { APP_URL, E2E_CONNECT_PLATFORM, e2eDatabaseUrl, EMULATOR_URL } from "./support/e2e-env";
import { emulatorControl, fillCard, shoot as shootTo } from "./support/emulator";
import { SPEC_TENANTS } from "./support/spec-tenants";

const SHOTS = process.env.CONNECT_SHOTS;
const shoot = (page: Page, name: string) => shootTo(page, SHOTS, name);
const ACME = SPEC_TENANTS.connect;
const OTHER = SPEC_TENANTS.connectOther;
let acmeAccount = "";
let otherAccount = "";
let ticketPriceId = "";
let planPriceId = "";
let paymentIntentId = "";

/** The emulated Stripe API with the platform's key, acting in a connected account (Stripe-Account). */
async function asPlatform(account: string, path: string, params: Record<string, string> = {}, method = "POST") {
  const res = await fetch(`${EMULATOR_URL}/v1/${path}`, {
    method,
    headers: { authorization: `Bearer ${E2E_CONNECT_PLATFORM.secretKey}`, "stripe-account": account, "content-type": "application/x-www-form-urlencoded" },
    body: method === "GET" ? undefined : new URLSearchParams(params),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** What an admin does: "Connect with Stripe", the stand-in's Connect button, back on the settings page. */
async function connectThroughStandIn(browser: Browser, slug: string, accountName: string, shots = false): Promise<string> {
  const page = await browser.newPage();
  await signIn(page, `admin@${slug}.test`);
  await page.goto(`/${slug}/settings/integrations/stripe?mode=test`);
  await expect(page.getByTestId("stripe-status")).toHaveText("Not configured");
  if (shots) await shoot(page, "integrations-not-connected");
  await page.getByRole("button", { name: "Connect with Stripe" }).click();
  await expect(page).toHaveURL(new RegExp(`^${EMULATOR_URL}/oauth/authorize\\?`));
  await page.getByLabel("Account name").fill(accountName);
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/settings/integrations/stripe\\?mode=test&connect=connected$`));
  await expect(page.getByTestId("stripe-connect-notice")).toHaveText("Stripe is connected. Payments now go to the connected account.");
  await expect(page.getByTestId("stripe-status")).toHaveText("Connected");
  await expect(page.getByTestId("stripe-account")).toContainText(accountName);
  const account = (await page.getByTestId("stripe-connect-connected").locator("code").first().textContent()) ?? "";
  expect(account).toMatch(/^acct_/);
  if (shots) await shoot(page, "integrations-connected");
  await page.close();
  return account;
}

async function expectPaymentStatus(page: Page, url: string, status: string) {
  await expect(async () => {
    await page.goto(url);
    await expect(page.getByTestId("payment-row").filter({ visible: true }).first().getByTestId("payment-status").first()).toHaveText(status, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
}

test.describe.serial("Connect with Stripe", () => {
  test.beforeAll(async () => {
    // The platform the server's STRIPE_CONNECT_* names, and its one Connect webhook endpoint.
    const platform = await emulatorControl("accounts", { mode: "test", name: "MemberPulse Platform", secretKey: E2E_CONNECT_PLATFORM.secretKey, publishableKey: E2E_CONNECT_PLATFORM.publishableKey, connectClientId: E2E_CONNECT_PLATFORM.clientId });
    await emulatorControl(`accounts/${platform.id}/connect-endpoint`, { url: `${APP_URL}/api/webhooks/stripe/connect/test`, secret: E2E_CONNECT_PLATFORM.webhookSecret });
  });

  test("an admin connects through Stripe's page; only the account id is stored", async ({ browser }) => {
    acmeAccount = await connectThroughStandIn(browser, ACME, "Acme Connected", true);
    const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
    const [row] = await sql`select s.connect_account_id, s.secret_key_enc, s.webhook_secret_enc, s.publishable_key from stripe_settings s join tenants t on t.id = s.tenant_id where t.slug = ${ACME} and s.mode = 'test'`;
    expect(row).toEqual({ connect_account_id: acmeAccount, secret_key_enc: null, webhook_secret_enc: null, publishable_key: null });
    // A catalog for the member: a ticket, and a plan whose Stripe price lives in the connected account.
    const [acme] = await sql`select id from tenants where slug = ${ACME}`;
    const [ticket] = await sql`insert into catalog_products (tenant_id, kind, name) values (${acme!.id}, 'event_ticket', 'Connect workshop') returning id`;
    const [tp] = await sql`insert into catalog_prices (tenant_id, product_id, amount, currency, type) values (${acme!.id}, ${ticket!.id}, 4500, 'usd', 'one_time') returning id`;
    ticketPriceId = tp!.id;
    const [plan] = await sql`insert into catalog_products (tenant_id, kind, name) values (${acme!.id}, 'membership_plan', 'Connect club') returning id`;
    const [pp] = await sql`insert into catalog_prices (tenant_id, product_id, amount, currency, type, interval, interval_count, nickname) values (${acme!.id}, ${plan!.id}, 1500, 'usd', 'recurring', 'month', 1, 'Club') returning id`;
    planPriceId = pp!.id;
    const product = await asPlatform(acmeAccount, "products", { name: "Connect club" });
    const price = await asPlatform(acmeAccount, "prices", { product: String(product.body.id), currency: "usd", unit_amount: "1500", "recurring[interval]": "month" });
    expect(price.status).toBe(200);
    await sql`insert into stripe_catalog_mappings (tenant_id, mode, object_kind, local_id, stripe_id, status) values (${acme!.id}, 'test', 'price', ${planPriceId}, ${String(price.body.id)}, 'synced')`;
    await sql.end();
  });

  test("a member pays with 4242 and subscribes; the Connect endpoint delivers the events with `account` into acme's tables", async ({ page }) => {
    await signIn(page, `member@${ACME}.test`);
    await page.goto(`/${ACME}/billing/pay/${ticketPriceId}`);
    await fillCard(page, "4242 4242 4242 4242");
    await page.getByRole("button", { name: "Pay $45.00" }).click();
    await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
    await expectPaymentStatus(page, `/${ACME}/billing/history`, "Succeeded");

    await page.goto(`/${ACME}/billing/subscribe/${planPriceId}`);
    await page.getByRole("button", { name: "Continue to payment" }).click();
    await fillCard(page, "4242 4242 4242 4242");
    await page.getByRole("button", { name: /^Subscribe/ }).click();
    await expect(page).toHaveURL(new RegExp(`/${ACME}/billing/subscription`));
    await expect(async () => {
      await page.goto(`/${ACME}/billing/subscription`);
      await expect(page.getByTestId("subscription-status").first()).toHaveAttribute("data-status", "active", { timeout: 1000 });
    }).toPass({ timeout: 20_000 });

    // Stripe's side: both live in acme's connected account, and came through the Connect endpoint with `account`.
    const intents = await asPlatform(acmeAccount, "payment_intents", {}, "GET");
    const data = intents.body.data as { id: string; status: string; amount: number }[];
    paymentIntentId = data.find((pi) => pi.amount === 4500)?.id ?? "";
    expect(paymentIntentId).toMatch(/^pi_/);
    const deliveries = (await (await fetch(`${EMULATOR_URL}/_emulator/deliveries?account=${acmeAccount}`)).json()) as { data: { type: string; url: string; ok: boolean }[] };
    const viaConnect = deliveries.data.filter((d) => d.url.endsWith("/api/webhooks/stripe/connect/test") && d.ok).map((d) => d.type);
    expect(viaConnect).toEqual(expect.arrayContaining(["payment_intent.succeeded", "customer.subscription.created", "invoice.paid"]));

    const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
    const [pay] = await sql`select t.slug, p.status from payments p join tenants t on t.id = p.tenant_id where p.stripe_payment_intent_id = ${paymentIntentId}`;
    expect(pay).toEqual({ slug: ACME, status: "succeeded" });
    const events = await sql`select distinct t.slug, e.payload->>'account' as account from webhook_events e join tenants t on t.id = e.tenant_id where e.payload->>'account' = ${acmeAccount}`;
    expect(events).toEqual([{ slug: ACME, account: acmeAccount }]);
    await sql.end();
  });

  test("a second tenant connected the same way never sees the first's objects", async ({ browser }) => {
    otherAccount = await connectThroughStandIn(browser, OTHER, "Other Connected");
    expect(otherAccount).not.toBe(acmeAccount);
    expect((await asPlatform(otherAccount, `payment_intents/${paymentIntentId}`, {}, "GET")).status).toBe(404);
    expect((await asPlatform(otherAccount, "payment_intents", {}, "GET")).body.data).toEqual([]);
    const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
    const rows = await sql`select count(*)::int as n from payments p join tenants t on t.id = p.tenant_id where t.slug = ${OTHER}`;
    expect(rows[0]!.n).toBe(0);
    await sql.end();
  });

  test("Disconnect stops charges, and the health panel says why", async ({ page, browser }) => {
    await signIn(page, `admin@${ACME}.test`);
    await page.goto(`/${ACME}/settings/integrations/stripe?mode=test`);
    await page.getByRole("button", { name: "Disconnect" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Yes, disconnect" }).click();
    await expect(page.getByTestId("stripe-status")).toHaveText("Disconnected");
    await page.reload();
    await expect(page.getByTestId("stripe-status")).toHaveText("Disconnected");
    await expect(page.getByTestId("stripe-health-message")).toContainText(`Disconnected from Stripe account ${acmeAccount} by an admin`);
    await expect(page.getByRole("button", { name: "Connect with Stripe" })).toBeVisible();
    await shoot(page, "integrations-disconnected");
    // Stripe no longer lets the platform act in the account.
    expect((await asPlatform(acmeAccount, "customers", {}, "GET")).status).toBe(403);

    const member = await browser.newPage();
    await signIn(member, `member@${ACME}.test`);
    await member.goto(`/${ACME}/billing/pay/${ticketPriceId}`);
    await expect(member.getByRole("status").filter({ hasText: "Online payments are paused." })).toBeVisible();
    await expect(member.getByLabel("Card number")).toHaveCount(0);
    // Plans & pricing says so too, with no Buy button that would only fail.
    await member.goto(`/${ACME}/billing`);
    await expect(member.getByRole("status").filter({ hasText: "Online payments are paused." })).toBeVisible();
    await expect(member.getByRole("link", { name: "Buy" })).toHaveCount(0);
    // So do the invoice's "Pay now" page and credit top-ups: the reason, not a card form or an error.
    const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
    const [invoice] = await sql`select i.stripe_invoice_id from invoices i join tenants t on t.id = i.tenant_id where t.slug = ${ACME} limit 1`;
    await sql`insert into tenant_billing_settings (tenant_id, top_up_enabled) select id, true from tenants where slug = ${ACME} on conflict (tenant_id) do update set top_up_enabled = true`;
    await sql.end();
    await member.goto(`/${ACME}/billing/invoices/${invoice!.stripe_invoice_id}/pay`);
    await expect(member.getByRole("status").filter({ hasText: "Online payments are paused." })).toBeVisible();
    await expect(member.getByLabel("Card number")).toHaveCount(0);
    await member.goto(`/${ACME}/billing/credits`);
    await expect(member.getByRole("status").filter({ hasText: "Online payments are paused." })).toBeVisible();
    await expect(member.getByTestId("top-up-form")).toHaveCount(0);
    await member.close();
  });
});
