import { expect, test } from "@playwright/test";
import { signIn } from "./support/auth";
import { expectNoSeriousViolationsAtBothWidths } from "./support/axe";
import { emulatorControl, shoot } from "./support/emulator";

// The platform account (STRIPE_* keys, STRIPE_PLATFORM_WEBHOOK_SECRET) is an emulator account whose
// webhook endpoint is /api/webhooks/stripe/platform/test (e2e/support/platform-account.ts).
const SHOTS = process.env.PB_SHOTS ?? "test-results/platform-billing";
const run = Date.now().toString(36);
const slug = `harbour-${run}`;
const founder = { email: `founder-${run}@harbour.test`, password: "a long founder password" };
const planName = `Studio ${run}`;

test.describe.serial("an organisation pays MemberPulse on the platform's Stripe account", () => {
  test("the operator publishes a plan, synced to the platform account", async ({ page }) => {
    await signIn(page, "operator@memberpulse.test");
    await page.goto("/platform/plans");
    const form = page.getByTestId("new-plan-form");
    await form.getByLabel("Name").fill(planName);
    await form.getByLabel("Monthly amount").fill("49.00");
    await form.getByRole("button", { name: "Create plan" }).click();
    await expect(form.getByRole("status")).toContainText("Plan created and synced");
    const row = page.getByTestId("platform-plan-row").filter({ hasText: planName });
    await expect(row.getByTestId("plan-sync")).toHaveText("Synced");
    await expect(row).toContainText("$49.00/month");
    await expectNoSeriousViolationsAtBothWidths(page, "/platform/plans");
    await shoot(page, SHOTS, "platform-plans");
  });

  test("a new organisation signs up, pays with 4242 in embedded Checkout, and is active only once the platform webhook lands", async ({ page }) => {
    await page.goto("/start");
    const start = page.getByTestId("start-form");
    await start.getByLabel("Organisation name").fill(`Harbour Sailing ${run}`);
    await start.getByLabel("Address").fill(slug);
    await start.getByLabel("Your name").fill("Hana Harbour");
    await start.getByLabel("E-mail").fill(founder.email);
    await start.getByLabel("Password").fill(founder.password);
    await start.getByRole("button", { name: "Create organisation" }).click();
    await expect(page).toHaveURL(new RegExp(`/${slug}/admin\\?welcome=1$`));
    const step = page.getByTestId("checklist-plan");
    await expect(step).toHaveAttribute("data-done", "false");
    await step.getByRole("link", { name: "Choose a plan" }).click();

    await expect(page.getByRole("heading", { name: "Billing for this portal" })).toBeVisible();
    await expect(page.getByTestId("billing-status").first()).toHaveText("No plan");
    await shoot(page, SHOTS, "billing-no-plan");
    await page.getByTestId("offered-plan").filter({ hasText: planName }).getByRole("link", { name: `Choose ${planName}` }).click();

    const checkout = page.getByTestId("embedded-checkout");
    await expect(checkout).toContainText("49.00 USD");
    await emulatorControl("webhooks/pause");
    try {
      await checkout.getByLabel("Card number").fill("4242 4242 4242 4242");
      await checkout.getByRole("button", { name: "Subscribe" }).click();
      await expect(page).toHaveURL(new RegExp(`/${slug}/settings/billing\\?checkout=cs_test_`));
      // Paid in the browser, but Stripe has not told the platform yet: not active.
      await expect(page.getByTestId("checkout-waiting")).toBeVisible();
      await expect(page.getByTestId("billing-status").first()).not.toHaveText("Active");
    } finally {
      await emulatorControl("webhooks/resume");
    }
    await expect(page.getByTestId("billing-status").first()).toHaveText("Active", { timeout: 20_000 });
    await expect(page.getByTestId("plan-name")).toContainText(planName);
    await expect(page.getByTestId("platform-invoice-row").first()).toHaveAttribute("data-status", "paid");
    await expectNoSeriousViolationsAtBothWidths(page, "/settings/billing");
    await shoot(page, SHOTS, "billing-active");

    await page.goto(`/${slug}/admin`);
    const checklist = page.getByTestId("first-run-checklist");
    await expect(checklist.getByTestId("checklist-plan")).toHaveAttribute("data-done", "true");
  });

  test("the operator sees the organisation active on its plan with its MRR; a tenant admin cannot reach the platform plans", async ({ page, browser }) => {
    await signIn(page, "operator@memberpulse.test");
    await page.goto(`/platform?q=${slug}`);
    const row = page.getByTestId("tenant-row").filter({ hasText: slug });
    await expect(row.getByTestId("billing-status")).toHaveText("Active");
    await expect(row.getByTestId("tenant-mrr")).toHaveText("$49.00");
    await shoot(page, SHOTS, "platform-tenants");
    await row.getByRole("link").first().click();
    await expect(page.getByTestId("tenant-billing")).toContainText(planName);
    await shoot(page, SHOTS, "platform-tenant");
    await expect(page.getByTestId("billing-history")).toContainText("Active");

    const admin = await browser.newPage();
    await signIn(admin, founder.email, founder.password);
    expect((await admin.goto("/platform/plans"))?.status()).toBe(404);
    expect((await admin.goto("/platform/webhooks"))?.status()).toBe(404);
    await admin.close();
  });
});
