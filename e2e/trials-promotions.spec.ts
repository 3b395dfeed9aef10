import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import { signIn } from "./support/auth";
import { e2eDatabaseUrl, EMULATOR_URL } from "./support/e2e-env";
import { connectTenantToEmulator, emulatorControl, fillCard, shoot as shootTo } from "./support/emulator";

const SHOTS = process.env.TRIALS_PROMO_SHOTS;
const shoot = (page: Page, name: string) => shootTo(page, SHOTS, name);
const DAY = 86400;
const SLUG = "e2e-promos";
let account: Record<string, string> = {};
let trialPriceId = "";
let promoPriceId = "";

async function stripe(path: string, params: Record<string, string> = {}, method = "POST") {
  const res = await fetch(`${EMULATOR_URL}/v1/${path}`, {
    method,
    headers: { authorization: `Bearer ${account.secretKey}`, "content-type": "application/x-www-form-urlencoded" },
    body: method === "GET" ? undefined : new URLSearchParams(params),
  });
  expect(res.ok).toBe(true);
  return res.json() as Promise<Record<string, unknown>>;
}

type Sub = { id: string; status: string; items: { data: { price: { id: string } }[] }; latest_invoice: { amount_paid: number; total: number; subtotal: number } };
async function subscriptionFor(stripePriceId: string): Promise<Sub | undefined> {
  const list = (await stripe("subscriptions?status=all&expand[]=data.latest_invoice", {}, "GET")) as { data: Sub[] };
  return list.data.find((s) => s.items.data[0]?.price.id === stripePriceId);
}

async function expectStatus(page: Page, product: string, status: string) {
  await expect(async () => {
    await page.goto(`/${SLUG}/billing/subscription`);
    const card = page.locator("section").filter({ hasText: product }).first();
    await expect(card.getByTestId("subscription-status")).toHaveAttribute("data-status", status, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
}

const stripePriceIds: Record<string, string> = {};

test.describe.serial("trials and promotion codes", () => {
  test.beforeAll(async ({ browser }) => {
    const name = `Promos ${Date.now()}`;
    await connectTenantToEmulator(browser, { slug: SLUG, adminEmail: `admin@${SLUG}.test`, name });
    const accounts = (await (await fetch(`${EMULATOR_URL}/_emulator/accounts`)).json()) as { data: Record<string, string>[] };
    account = accounts.data.find((a) => a.name === name) ?? {};
    const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
    const [tenant] = await sql`select id from tenants where slug = ${SLUG}`;
    for (const [productName, amount, trialDays] of [["Trial club", 2000, 14], ["Studio pass", 3000, null]] as const) {
      const [product] = await sql`insert into catalog_products (tenant_id, kind, name) values (${tenant!.id}, 'membership_plan', ${productName}) returning id`;
      const [price] = await sql`insert into catalog_prices (tenant_id, product_id, amount, currency, type, interval, interval_count, trial_days) values (${tenant!.id}, ${product!.id}, ${amount}, 'usd', 'recurring', 'month', 1, ${trialDays}) returning id`;
      const sprod = await stripe("products", { name: productName });
      const sp = await stripe("prices", { product: String(sprod.id), currency: "usd", unit_amount: String(amount), "recurring[interval]": "month" });
      await sql`insert into stripe_catalog_mappings (tenant_id, mode, object_kind, local_id, stripe_id, status) values (${tenant!.id}, 'test', 'price', ${price!.id}, ${String(sp.id)}, 'synced')`;
      stripePriceIds[price!.id] = String(sp.id);
      if (trialDays) trialPriceId = price!.id;
      else promoPriceId = price!.id;
    }
    await sql.end();
  });

  test("a trial subscription starts without a charge, warns before it ends, and converts to active with the first charge", async ({ page }) => {
    await signIn(page, `member@${SLUG}.test`);
    await page.goto(`/${SLUG}/billing/subscribe/${trialPriceId}`);
    await expect(page.getByTestId("plan-price")).toHaveText("$0.00");
    await expect(page.getByText(/14-day free trial, then \$20\.00 \/ month from/)).toBeVisible();
    await page.getByRole("button", { name: "Start free trial" }).click();
    await expect(page.getByLabel("Card number")).toBeVisible();
    await fillCard(page, "4242 4242 4242 4242");
    await shoot(page, "subscribe-trial");
    await page.getByRole("button", { name: /^Start free trial — then/ }).click();
    await expect(page).toHaveURL(new RegExp(`/${SLUG}/billing/subscription`));
    await expectStatus(page, "Trial club", "trialing");
    const trialCard = page.locator("section").filter({ hasText: "Trial club" }).first();
    await expect(trialCard.getByText("Trial ends (first charge)")).toBeVisible();
    await expect(trialCard.getByTestId("renewal-card")).toContainText("4242");
    // Nothing was charged: no PaymentIntent exists.
    expect(((await stripe("payment_intents", {}, "GET")) as { data: unknown[] }).data).toEqual([]);
    const sub = await subscriptionFor(stripePriceIds[trialPriceId]!);
    expect(sub?.latest_invoice.amount_paid).toBe(0);

    await emulatorControl("clock/advance", { account: account.id!, seconds: 11 * DAY + 60 });
    await expect(async () => {
      await page.goto(`/${SLUG}/billing/subscription`);
      await expect(page.getByTestId("trial-ending-notice")).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await expect(page.getByTestId("trial-ending-notice")).toContainText("$20.00");
    await shoot(page, "subscription-trial-ending");

    await emulatorControl("clock/advance", { account: account.id!, seconds: 3 * DAY });
    await expectStatus(page, "Trial club", "active");
    await expect(page.getByTestId("trial-ending-notice")).toHaveCount(0);
    expect((await subscriptionFor(stripePriceIds[trialPriceId]!))?.latest_invoice.amount_paid).toBe(2000);
  });

  test("an admin creates a coupon and a code; a member's code is refused or applied, and the subscription is discounted", async ({ page, browser }) => {
    const admin = await browser.newPage();
    await signIn(admin, `admin@${SLUG}.test`);
    await admin.goto(`/${SLUG}/admin/catalog`);
    await admin.getByRole("link", { name: /Coupons and promotion codes/ }).click();
    const form = admin.getByTestId("new-coupon-form");
    await form.getByLabel("Name").fill("Spring sale");
    await form.getByLabel("Gives").selectOption("percent_off");
    await form.getByLabel("Value").fill("25");
    await form.getByLabel("Duration").selectOption("repeating");
    await form.getByLabel("Months").fill("3");
    await form.getByRole("button", { name: "Create coupon" }).click();
    await expect(admin.getByRole("status").filter({ hasText: "Created “Spring sale”" })).toBeVisible();
    await admin.locator("summary", { hasText: "Add a code" }).click();
    const codeForm = admin.getByTestId("add-code-form");
    await codeForm.getByLabel("Code").fill("SPRING25");
    await codeForm.getByLabel("Max redemptions").fill("10");
    await codeForm.getByRole("button", { name: "Add code" }).click();
    await expect(admin.getByRole("status").filter({ hasText: "SPRING25 created and synced to Stripe" })).toBeVisible();
    await expect(admin.getByTestId("promotion-code").filter({ hasText: "SPRING25" })).toContainText("Synced");
    await admin.reload();
    await shoot(admin, "admin-coupons");
    await admin.close();

    await signIn(page, `member@${SLUG}.test`);
    await page.goto(`/${SLUG}/billing/subscribe/${promoPriceId}`);
    await page.getByLabel(/Promotion code/).fill("NOPE");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "The code “NOPE” is not valid." })).toBeVisible();
    await page.getByLabel(/Promotion code/).fill("spring25");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByTestId("promotion-applied")).toContainText("SPRING25 · 25% off for 3 months");
    await expect(page.getByTestId("promotion-discount")).toHaveText("−$7.50");
    await expect(page.getByTestId("promotion-total")).toHaveText("$22.50");
    await shoot(page, "subscribe-promotion");
    await page.getByRole("button", { name: "Continue to payment" }).click();
    const pay = page.getByRole("button", { name: "Subscribe — pay $22.50 today" });
    await expect(pay).toBeVisible();
    // The card saved during the trial is offered first; without one, type a new card.
    if ((await page.getByRole("radio").count()) === 0) await fillCard(page, "4242 4242 4242 4242");
    await pay.click();
    await expect(page).toHaveURL(new RegExp(`/${SLUG}/billing/subscription`));
    await expectStatus(page, "Studio pass", "active");
    const sub = await subscriptionFor(stripePriceIds[promoPriceId]!);
    expect(sub?.latest_invoice).toMatchObject({ subtotal: 3000, total: 2250, amount_paid: 2250 });
  });

  test("a code switched off in the Stripe Dashboard is refused to members and shown on the coupons page", async ({ page, browser }) => {
    const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
    const [row] = await sql`select pc.stripe_test_id from promotion_codes pc join tenants t on t.id = pc.tenant_id where t.slug = ${SLUG} and upper(pc.code) = 'SPRING25'`;
    await sql.end();
    // What an admin does in Stripe's Dashboard: the promotion_code.updated webhook reaches the portal.
    await stripe(`promotion_codes/${String(row!.stripe_test_id)}`, { active: "false" });

    const admin = await browser.newPage();
    await signIn(admin, `admin@${SLUG}.test`);
    const code = admin.getByTestId("promotion-code").filter({ hasText: "SPRING25" });
    await expect(async () => {
      await admin.goto(`/${SLUG}/admin/catalog/coupons`);
      await expect(code).toContainText("Deactivated in Stripe", { timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    // Stripe's count of redemptions (the subscription above), from the same event.
    await expect(code).toContainText("redeemed 1×");
    await expect(code.getByRole("button", { name: "Activate" })).toBeVisible();
    for (const width of [1280, 390]) {
      await admin.setViewportSize({ width, height: 900 });
      expect(await admin.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    }
    await shoot(admin, "admin-coupons-deactivated-in-stripe");
    await admin.close();

    await signIn(page, `member@${SLUG}.test`);
    await page.goto(`/${SLUG}/billing/subscribe/${trialPriceId}`);
    await page.getByLabel(/Promotion code/).fill("SPRING25");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "This promotion code is no longer active." })).toBeVisible();
  });
});
