import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import { signIn } from "./support/auth";
import { emulatorControl, shoot } from "./support/emulator";
import { APP_URL, e2eDatabaseUrl } from "./support/e2e-env";

const SHOTS = process.env.CREDITS_SHOTS;
let packagePriceId = "";
let memberId = "";

/** Buys the $10 package through the payments checkout (a 4242 card unless told otherwise). */
async function buyPackage(page: Page, cardNumber = "4242 4242 4242 4242") {
  await page.goto("/e2e-credits/billing/credits");
  await page.getByTestId("credit-package").filter({ hasText: "Starter credits" }).getByRole("link", { name: "Buy 1,000 credits" }).click();
  await expect(page).toHaveURL(new RegExp(`/e2e-credits/billing/pay/${packagePriceId}`));
  await page.getByLabel("Card number").fill(cardNumber);
  await page.getByLabel("Expiration (MM / YY)").fill("12 / 34");
  await page.getByLabel("CVC").fill("123");
  await page.getByLabel("ZIP").fill("12345");
  await page.getByRole("button", { name: "Pay $10.00" }).click();
  await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
}

/** Credits follow the webhook: reload until the balance shows. */
async function expectBalance(page: Page, text: string) {
  await expect(async () => {
    await page.goto("/e2e-credits/billing/credits");
    await expect(page.getByTestId("credit-balance")).toHaveText(text, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
}

test.describe.serial("credits and referrals", () => {
  test.beforeAll(async ({ browser }) => {
    const account = await emulatorControl("accounts", { mode: "test", name: "Acme Credits" });
    const page = await browser.newPage();
    await signIn(page, "admin@e2e-credits.test");
    await page.goto("/e2e-credits/settings/integrations/stripe?mode=test");
    await page.getByLabel("Publishable key").fill(account.publishableKey!);
    await page.getByLabel("Secret key or restricted key").fill(account.secretKey!);
    await page.getByRole("button", { name: "Save test keys" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
    await page.getByRole("button", { name: "Create webhook endpoint" }).click();
    await expect(page.getByTestId("webhook-endpoint-id")).toHaveText(/^we_/);
    await page.close();

    const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
    const [acme] = await sql`select id from tenants where slug = 'e2e-credits'`;
    const [product] = await sql`insert into catalog_products (tenant_id, kind, name, description) values (${acme!.id}, 'credit_package', 'Starter credits', '1,000 credits') returning id`;
    const [price] = await sql`insert into catalog_prices (tenant_id, product_id, amount, currency, type, credits) values (${acme!.id}, ${product!.id}, 1000, 'usd', 'one_time', 1000) returning id`;
    packagePriceId = price!.id;
    const [member] = await sql`select id from users where email = 'member@e2e-credits.test'`;
    memberId = member!.id;
    await sql.end();
  });

  test("public packages API names the tenant by slug and needs no sign-in", async ({ request }) => {
    const res = await request.get("/api/credit-packages?tenant=e2e-credits");
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { data: { price_id: string; credits: number; amount: number }[] };
    expect(body.data).toContainEqual(expect.objectContaining({ price_id: packagePriceId, credits: 1000, amount: 1000 }));
    expect((await request.get("/api/credit-packages?tenant=nope")).status()).toBe(404);
    expect((await request.get("/api/credits/balance?tenant=e2e-credits")).status()).toBe(401);
  });

  test("a member buys a credit package with 4242 and sees the balance rise after the webhook", async ({ page }) => {
    await signIn(page, "member@e2e-credits.test");
    await page.goto("/e2e-credits/billing/credits");
    await expect(page.getByTestId("credit-balance")).toHaveText("0 credits");
    await shoot(page, SHOTS, "credits-empty");
    await buyPackage(page);
    await expectBalance(page, "1,000 credits");
    await expect(page.getByTestId("ledger-entry").first()).toContainText("Credit package purchase");
    await shoot(page, SHOTS, "credits-after-purchase");
  });

  test("the referral link signs a new member up; both balances show the bonus after the first purchase", async ({ page, browser }) => {
    await signIn(page, "member@e2e-credits.test");
    await page.goto("/e2e-credits/billing/credits");
    const link = await page.getByLabel("Your referral link").inputValue();
    expect(link).toMatch(new RegExp(`^${APP_URL}/e2e-credits/join\\?ref=[A-Z0-9]+$`));

    const context = await browser.newContext();
    const friend = await context.newPage();
    await friend.goto(link);
    await expect(friend.getByTestId("referral-valid")).toBeVisible();
    await shoot(friend, SHOTS, "join");
    await friend.getByLabel("Name").fill("Referred Friend");
    await friend.getByLabel("E-mail").fill(`friend-${Date.now()}@example.test`);
    await friend.getByLabel("Password").fill("a long enough password");
    await friend.getByRole("button", { name: "Create account" }).click();
    await expect(friend).toHaveURL(/\/e2e-credits\/billing\/credits$/);
    await expect(friend.getByTestId("referral-card-rule")).toContainText("pays with their own card");
    // Their own card: the referrer's 4242 would be flagged instead (lib/credits/referral-guard.ts).
    await buyPackage(friend, "5555 5555 5555 4444");
    await expectBalance(friend, "2,000 credits");
    await expect(friend.getByText("Referral bonus (you joined with a code)")).toBeVisible();
    await context.close();

    await expectBalance(page, "2,000 credits");
    await expect(page.getByTestId("referral-stats")).toContainText("1 person has joined with your link; 1 earned you the reward");
  });

  test("a new account paying with the referrer's own card earns no bonus; admins see the referral flagged", async ({ page, browser }) => {
    await signIn(page, "member@e2e-credits.test");
    await page.goto("/e2e-credits/billing/credits");
    const link = await page.getByLabel("Your referral link").inputValue();
    const context = await browser.newContext();
    const farm = await context.newPage();
    await farm.goto(link);
    await farm.getByLabel("Name").fill("Second Self");
    await farm.getByLabel("E-mail").fill(`farm-${Date.now()}@example.test`);
    await farm.getByLabel("Password").fill("a long enough password");
    await farm.getByRole("button", { name: "Create account" }).click();
    await expect(farm).toHaveURL(/\/e2e-credits\/billing\/credits$/);
    await buyPackage(farm);
    // The purchase is credited; the referral is decided in the same transaction, without a bonus.
    await expectBalance(farm, "1,000 credits");
    await context.close();
    await expectBalance(page, "2,000 credits");

    const admin = await browser.newContext();
    const adminPage = await admin.newPage();
    await signIn(adminPage, "admin@e2e-credits.test");
    await adminPage.goto("/e2e-credits/admin/members");
    await expect(adminPage.getByTestId("flagged-referrals")).toContainText("paid with a card the referrer has used or saved");
    await shoot(adminPage, SHOTS, "admin-flagged-referrals");
    await admin.close();
  });

  test("a code from nowhere is announced, and joining still works without it", async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto("/e2e-credits/join?ref=NOSUCHCODE");
    await expect(page.getByTestId("referral-invalid")).toContainText("not valid for E2E credits");
    await shoot(page, SHOTS, "join-invalid-code");
    await page.getByLabel("Name").fill("No Code");
    await page.getByLabel("E-mail").fill(`nocode-${Date.now()}@example.test`);
    await page.getByLabel("Password").fill("a long enough password");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(/\/e2e-credits\/billing\/credits$/);
    await expect(page.getByTestId("credit-balance")).toHaveText("0 credits");
    await context.close();
  });

  test("spends through the API: 201, then 402 insufficient_credits when short", async ({ page }) => {
    await signIn(page, "member@e2e-credits.test");
    const headers = { origin: APP_URL, "content-type": "application/json" };
    const ok = await page.request.post("/api/credits/spend?tenant=e2e-credits", { headers, data: { amount: 500, description: "Workshop seat", idempotency_key: `seat-${Date.now()}` } });
    expect(ok.status()).toBe(201);
    expect(((await ok.json()) as { balance: number }).balance).toBe(1500);
    const short = await page.request.post("/api/credits/spend?tenant=e2e-credits", { headers, data: { amount: 100_000, description: "Too much", idempotency_key: `big-${Date.now()}` } });
    expect(short.status()).toBe(402);
    expect(((await short.json()) as { error: { code: string } }).error.code).toBe("insufficient_credits");
    const ledger = await page.request.get("/api/credits/ledger?tenant=e2e-credits&limit=2");
    const body = (await ledger.json()) as { data: { reason: string }[]; has_more: boolean };
    expect(body.data[0]?.reason).toBe("spend");
    expect(body.has_more).toBe(true);
  });

  test("an admin sees a member's credits and adjusts them with a reason", async ({ page, browser }) => {
    await signIn(page, "admin@e2e-credits.test");
    await page.goto(`/e2e-credits/admin/members/${memberId}`);
    await expect(page.getByTestId("credit-balance")).toHaveText("1,500 credits");
    const form = page.getByTestId("credit-adjust-form");
    await form.getByLabel("Credits (+ to add, − to remove)").fill("250");
    await form.getByLabel("Reason").fill("Goodwill for the cancelled workshop");
    await form.getByRole("button", { name: "Apply adjustment" }).click();
    await expect(form.getByRole("status")).toContainText("New balance: 1,750");
    await expect(page.getByTestId("credit-balance")).toHaveText("1,750 credits");
    await shoot(page, SHOTS, "admin-member-credits");

    // Taking back more than the member has leaves a negative balance, which the member sees explained.
    await form.getByLabel("Credits (+ to add, − to remove)").fill("-2000");
    await form.getByLabel("Reason").fill("Chargeback on the workshop booking");
    await form.getByRole("button", { name: "Apply adjustment" }).click();
    await expect(page.getByTestId("credit-balance")).toHaveText("-250 credits");
    const member = await browser.newContext();
    const memberPage = await member.newPage();
    await signIn(memberPage, "member@e2e-credits.test");
    await memberPage.goto("/e2e-credits/billing/credits");
    await expect(memberPage.getByTestId("negative-balance-note")).toBeVisible();
    await expect(memberPage.getByTestId("ledger-entry").first()).toContainText("Chargeback on the workshop booking");
    await shoot(memberPage, SHOTS, "credits-negative");
    await member.close();
  });
});
