import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./support/auth";
import { connectTenantToEmulator, emulatorControl, fillCard, seedSyncedMonthlyPlan, shoot as shootTo, tenantStripe } from "./support/emulator";
import { mailTo, waitForMail } from "./support/mail";
import { SPEC_TENANTS } from "./support/spec-tenants";

const slug = SPEC_TENANTS.renewal3ds;
const member = `member@${slug}.test`;
const SHOTS = process.env.RENEWAL_3DS_SHOTS;
const shoot = (page: Page, name: string) => shootTo(page, SHOTS, name);
const DAY = 86400;
let account: Record<string, string> = {};
let priceId = "";

const stripe = (path: string, params: Record<string, string> = {}, method = "POST") => tenantStripe(account.secretKey!, path, params, method);

/** The membership page follows webhooks: reload until the status badge says what we expect. */
async function expectStatus(page: Page, status: string) {
  await expect(async () => {
    await page.goto(`/${slug}/billing/subscription`);
    await expect(page.getByTestId("subscription-status").first()).toHaveAttribute("data-status", status, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
}

/** Stripe.js (the emulator's stand-in) shows the bank's challenge; the member approves it. */
async function completeChallenge(page: Page) {
  const dialog = page.getByRole("dialog", { name: "3D Secure authentication" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Complete authentication" }).click();
}

test.describe.serial("a renewal the bank wants confirmed (3-D Secure)", () => {
  test.beforeAll(async ({ browser }) => {
    const name = `Renewal 3DS ${Date.now()}`;
    account = await connectTenantToEmulator(browser, { slug, adminEmail: `admin@${slug}.test`, name });
    expect(account.secretKey).toMatch(/^sk_test_/);
    priceId = await seedSyncedMonthlyPlan(account.secretKey!, { slug, name: "Studio membership", amount: 1000 });
  });

  test("the member subscribes with the always-authenticate card, completing the bank's challenge", async ({ page }) => {
    await signIn(page, member);
    await page.goto(`/${slug}/billing/subscribe/${priceId}`);
    await page.getByRole("button", { name: "Continue to payment" }).click();
    await fillCard(page, "4000 0027 6000 3184");
    await page.getByRole("button", { name: /^Subscribe/ }).click();
    await completeChallenge(page);
    await expect(page).toHaveURL(new RegExp(`/${slug}/billing/subscription`));
    await expectStatus(page, "active");
  });

  test("the renewal needs action: notice and mail → the member confirms on the pay page → invoice paid → notice gone", async ({ page }) => {
    await signIn(page, member);
    await emulatorControl("clock/advance", { account: account.id!, seconds: 32 * DAY });

    // Three days before, Stripe announced the renewal (invoice.upcoming): one reminder.
    await waitForMail(member, /^Your .+ membership renews on /);
    // The off-session charge wanted 3-D Secure: one "confirm your payment" mail with the pay page's link.
    const mail = await waitForMail(member, /^Confirm your payment of \$10\.00 to /);
    const payLink = mail.text.match(new RegExp(`http://localhost:\\d+/${slug}/billing/invoices/in_[A-Za-z0-9]+/pay`))?.[0];
    expect(payLink, "the mail links the portal's pay page").toBeTruthy();

    await expectStatus(page, "past_due");
    await expect(async () => {
      await page.goto(`/${slug}/billing/subscription`);
      await expect(page.getByTestId("payment-action-notice")).toContainText("Your bank needs you to confirm the payment", { timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await expect(page.getByTestId("payment-action-notice")).toContainText("$10.00");
    await expect(page.getByTestId("status-advice")).toHaveText("Your bank needs you to confirm the last renewal payment. Confirm it to keep your access.");
    // Stripe also reported the attempt as failed; the member sees one notice, the one that says what to do.
    await expect(page.getByTestId("past-due-notice")).toHaveCount(0);
    await shoot(page, "renewal-needs-action");

    await page.getByRole("link", { name: "Confirm payment" }).click();
    await expect(page).toHaveURL(new RegExp(`/${slug}/billing/invoices/in_[A-Za-z0-9]+/pay`));
    expect(new URL(page.url()).pathname).toBe(new URL(payLink!).pathname);
    await expect(page.getByRole("radio", { name: /Visa ending 3184/ })).toBeChecked();
    await page.getByRole("button", { name: "Pay $10.00" }).click();
    await completeChallenge(page);
    await expect(page).toHaveURL(new RegExp(`/${slug}/billing/invoices\\?paid=in_`));

    await expectStatus(page, "active");
    await expect(page.getByTestId("payment-action-notice")).toHaveCount(0);
    await expect(page.getByTestId("past-due-notice")).toHaveCount(0);
    const invoices = (await stripe("invoices?limit=5", {}, "GET")) as { data: { billing_reason: string; status: string }[] };
    expect(invoices.data.filter((i) => i.billing_reason === "subscription_cycle").map((i) => i.status)).toEqual(["paid"]);
    // Each mail once, whatever Stripe re-sent.
    const mails = await mailTo(member);
    expect(mails.filter((m) => m.subject.startsWith("Confirm your payment"))).toHaveLength(1);
    expect(mails.filter((m) => / membership renews on /.test(m.subject))).toHaveLength(1);
  });
});
