import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import { signIn } from "./support/auth";
import { e2eDatabaseUrl } from "./support/e2e-env";
import { connectTenantToEmulator, emulatorControl, fillCard, seedSyncedMonthlyPlan, shoot as shootTo, tenantStripe } from "./support/emulator";
import { SPEC_TENANTS } from "./support/spec-tenants";

/*
 * A membership renewal is a charge like any other: Stripe makes it on its own (a subscription_cycle
 * invoice), the member sees it in their payment history, and the admin can refund it from the portal.
 */

const slug = SPEC_TENANTS.renewalRefund;
const member = `member@${slug}.test`;
const SHOTS = process.env.RENEWAL_REFUND_SHOTS;
const shoot = (page: Page, name: string) => shootTo(page, SHOTS, name);
const DAY = 86400;
let account: Record<string, string> = {};
let priceId = "";
/** The renewal's invoice number, which names its row in both lists ("Membership · invoice …"). */
let renewalNumber = "";
let renewalPaymentIntent = "";

const stripe = (path: string, params: Record<string, string> = {}, method = "POST") => tenantStripe(account.secretKey!, path, params, method);

/** The renewal's row in a payments list, once the webhooks have put it there with `status`. */
async function expectRenewalRow(page: Page, url: string, status: string) {
  const row = page.getByTestId("payment-row").filter({ hasText: `invoice ${renewalNumber}` });
  await expect(async () => {
    await page.goto(url);
    await expect(row.getByTestId("payment-status").first()).toHaveText(status, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  return row;
}

test.describe.serial("a renewal charge is in the member's history and the admin refunds it", () => {
  test.beforeAll(async ({ browser }) => {
    account = await connectTenantToEmulator(browser, { slug, adminEmail: `admin@${slug}.test`, name: `Renewal refund ${Date.now()}` });
    expect(account.secretKey).toMatch(/^sk_test_/);
    priceId = await seedSyncedMonthlyPlan(account.secretKey!, { slug, name: "Gym membership", amount: 1000 });
  });

  test("the member subscribes with 4242; after the test clock passes the period end the renewal is in their history", async ({ page }) => {
    await signIn(page, member);
    await page.goto(`/${slug}/billing/subscribe/${priceId}`);
    await page.getByRole("button", { name: "Continue to payment" }).click();
    await fillCard(page, "4242 4242 4242 4242");
    await page.getByRole("button", { name: /^Subscribe/ }).click();
    await expect(page).toHaveURL(new RegExp(`/${slug}/billing/subscription`));
    await expect(async () => {
      await page.goto(`/${slug}/billing/subscription`);
      await expect(page.getByTestId("subscription-status").first()).toHaveAttribute("data-status", "active", { timeout: 1000 });
    }).toPass({ timeout: 20_000 });

    await emulatorControl("clock/advance", { account: account.id!, seconds: 32 * DAY });
    const invoices = (await stripe("invoices?limit=10", {}, "GET")) as { data: { id: string; number: string | null; billing_reason: string; status: string; amount_paid: number }[] };
    const renewal = invoices.data.find((i) => i.billing_reason === "subscription_cycle");
    expect(renewal, "the clock produced a renewal invoice").toBeTruthy();
    expect(renewal).toMatchObject({ status: "paid", amount_paid: 1000 });
    renewalNumber = renewal!.number!;
    expect(renewalNumber).toBeTruthy();

    const row = await expectRenewalRow(page, `/${slug}/billing/history`, "Succeeded");
    await expect(row).toContainText("$10.00");
    await expect(row).toContainText(`Membership · invoice ${renewalNumber}`);
    // The first month's charge is there too: two membership charges, one row each.
    await expect(page.getByTestId("payment-row").filter({ hasText: "Membership · invoice" })).toHaveCount(2);
    await shoot(page, "history-renewal");

    const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
    const [inv] = await sql`select stripe_payment_intent_id from invoices where stripe_invoice_id = ${renewal!.id}`;
    await sql.end();
    renewalPaymentIntent = String(inv?.stripe_payment_intent_id ?? "");
    expect(renewalPaymentIntent).toMatch(/^pi_/);
  });

  test("the admin opens the renewal from Payments, refunds it in full after confirming; both lists then say Refunded", async ({ page, browser }) => {
    await signIn(page, `admin@${slug}.test`);
    const adminRow = await expectRenewalRow(page, `/${slug}/admin/payments`, "Succeeded");
    await expect(adminRow).toContainText(member);
    await adminRow.getByRole("link").first().click();
    await expect(page.getByRole("heading", { name: `$10.00 · Membership · invoice ${renewalNumber}` })).toBeVisible();
    await expect(page.getByText(renewalPaymentIntent)).toBeVisible();

    // The payment page fits a phone.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await shoot(page, "admin-renewal-payment");
    await page.setViewportSize({ width: 1280, height: 900 });

    // A blank amount refunds everything; the dialog says so with the amount.
    await page.getByRole("button", { name: "Refund" }).click();
    const dialog = page.getByRole("dialog", { name: "Refund this payment?" });
    await expect(dialog).toContainText("This sends everything left, $10.00 back to the member's card.");
    await dialog.getByRole("button", { name: "Yes, refund" }).click();
    await expect(page.getByText("This payment has been refunded in full.")).toBeVisible();
    await expect(page.getByTestId("refund-row")).toHaveCount(1);
    await expect(page.getByTestId("refund-row")).toContainText("$10.00");

    // Stripe got one full refund of the renewal's PaymentIntent.
    const refunds = (await stripe(`refunds?payment_intent=${renewalPaymentIntent}`, {}, "GET")) as { data: { amount: number; payment_intent: string }[] };
    expect(refunds.data).toEqual([expect.objectContaining({ amount: 1000, payment_intent: renewalPaymentIntent })]);

    // After charge.refunded the admin page says Refunded (not "Partially refunded") without a manual reload.
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("refund-row").first()).toContainText("Refunded", { timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await expectRenewalRow(page, `/${slug}/admin/payments`, "Refunded");
    await shoot(page, "admin-payments-refunded");

    const memberPage = await browser.newPage();
    await signIn(memberPage, member);
    await expectRenewalRow(memberPage, `/${slug}/billing/history`, "Refunded");
    // The first month's charge is untouched.
    await expect(memberPage.getByTestId("payment-row").filter({ hasText: "Membership · invoice" }).getByTestId("payment-status").filter({ hasText: "Succeeded" })).toHaveCount(1);
    await shoot(memberPage, "history-refunded");
    await memberPage.close();
  });

  test("Export CSV downloads a header and one line per payment of the tenant", async ({ page }) => {
    await signIn(page, `admin@${slug}.test`);
    await page.goto(`/${slug}/admin/payments`);
    const listed = await page.getByTestId("payment-row").count();
    expect(listed).toBe(2);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^payments-${slug}-\\d{4}-\\d\\d-\\d\\d\\.csv$`));
    const lines = readFileSync((await download.path())!, "utf8").split("\r\n").filter(Boolean);
    expect(lines[0]).toMatch(/^created_at,payment_id,member_email,/);
    expect(lines).toHaveLength(1 + listed);
    expect(lines.slice(1).every((l) => l.includes(`,${member},`))).toBe(true);
    const renewalLine = lines.find((l) => l.includes(renewalPaymentIntent));
    expect(renewalLine).toContain(`,${renewalNumber},10.00,10.00,USD,refunded,`);
  });
});
