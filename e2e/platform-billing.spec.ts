import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./support/auth";
import { expectNoSeriousViolationsAtBothWidths } from "./support/axe";
import { EMULATOR_URL, PLATFORM_KEYS_DIR } from "./support/e2e-env";
import { connectTenantToEmulator, emulatorControl, fillCard, shoot } from "./support/emulator";

// The platform account (STRIPE_* keys, STRIPE_PLATFORM_WEBHOOK_SECRET) is an emulator account whose
// webhook endpoint is /api/webhooks/stripe/platform/test (e2e/support/platform-account.ts).
const SHOTS = process.env.PB_SHOTS ?? "test-results/platform-billing";
const run = Date.now().toString(36);
const slug = `harbour-${run}`;
const founder = { email: `founder-${run}@harbour.test`, password: "a long founder password" };
const planName = `Studio ${run}`;
const trialPlanName = `Starter ${run}`;
const member = { email: `crew-${run}@harbour.test`, password: "a long crew password" };
const DAY = 86400;

/** Calls an emulated Stripe account's API with its secret key (what a Dashboard user would do by hand). */
async function stripeApi(secretKey: string, path: string, params: Record<string, string> = {}, method = "POST") {
  const res = await fetch(`${EMULATOR_URL}/v1/${path}`, {
    method,
    headers: { authorization: `Bearer ${secretKey}`, "content-type": "application/x-www-form-urlencoded" },
    body: method === "GET" ? undefined : new URLSearchParams(params),
  });
  expect(res.ok, await res.clone().text()).toBe(true);
  return res.json() as Promise<Record<string, unknown>>;
}
type List = { data: Record<string, unknown>[] };

/** The platform account (the app's STRIPE_SECRET_KEY): its key from the file the app reads, its id from the emulator. */
async function platformAccount() {
  const secretKey = readFileSync(path.join(PLATFORM_KEYS_DIR, "secret-key"), "utf8").trim();
  const accounts = (await (await fetch(`${EMULATOR_URL}/_emulator/accounts`)).json()) as { data: Record<string, string>[] };
  const id = accounts.data.find((a) => a.secretKey === secretKey)?.id;
  expect(id).toMatch(/^acct_/);
  return { id: id!, secretKey };
}

/** The billing page follows platform webhooks: reload until the status badge says what we expect. */
/**
 * Reloads the billing page until it shows `label` and, with `also`, whatever else the same change
 * brings: the subscription's status and its open invoice arrive as separate webhook events, in
 * either order, so the page can show one before the other.
 */
async function expectBillingStatus(page: Page, label: string, also?: () => Promise<void>) {
  await expect(async () => {
    await page.goto(`/${slug}/settings/billing`);
    await expect(page.getByTestId("billing-status").first()).toHaveText(label, { timeout: 1000 });
    await also?.();
  }).toPass({ timeout: 20_000 });
}

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
    await form.getByLabel("Name").fill(trialPlanName);
    await form.getByLabel("Monthly amount").fill("19.00");
    await form.getByLabel("Free trial (days)").fill("14");
    await form.getByRole("button", { name: "Create plan" }).click();
    await expect(page.getByTestId("platform-plan-row").filter({ hasText: trialPlanName })).toContainText("14-day free trial");
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
    // The plan choice says which plan starts with a free trial.
    await expect(page.getByTestId("offered-plan").filter({ hasText: trialPlanName })).toContainText("$19.00/month · 14-day free trial");
    await shoot(page, SHOTS, "billing-no-plan");
    await page.getByTestId("offered-plan").filter({ hasText: planName }).getByRole("link", { name: `Choose ${planName}` }).click();

    const checkout = page.getByTestId("embedded-checkout");
    await expect(checkout).toContainText("49.00 USD");
    await expectNoSeriousViolationsAtBothWidths(page, "/settings/billing/checkout/[planId]");
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

  test("the organisation connects its own Stripe and invites a member, who subscribes on the organisation's account — nothing reaches the platform's", async ({ page, browser }) => {
    const own = await connectTenantToEmulator(browser, { slug, adminEmail: founder.email, password: founder.password, name: `Harbour own Stripe ${run}` });
    const platform = await platformAccount();
    const platformCustomersBefore = ((await stripeApi(platform.secretKey, "customers?limit=100", {}, "GET")) as List).data.length;

    await signIn(page, founder.email, founder.password);
    await page.goto(`/${slug}/admin/catalog`);
    const product = page.getByTestId("new-product-form");
    await product.getByLabel("Kind").selectOption("membership_plan");
    await product.getByLabel("Name").fill("Crew monthly");
    await product.getByLabel("Amount").fill("20.00");
    await product.getByLabel("Billing").selectOption("month");
    await product.getByRole("button", { name: "Create product" }).click();
    await expect(product.getByRole("status")).toContainText("Created “Crew monthly”");

    await page.goto(`/${slug}/admin/members`);
    const invite = page.locator("form").filter({ has: page.getByRole("button", { name: "Invite" }) });
    await invite.getByLabel("E-mail").fill(member.email);
    await invite.getByRole("button", { name: "Invite" }).click();
    const link = await invite.getByLabel("One-time sign-in link").inputValue();

    const crewContext = await browser.newContext();
    const crew = await crewContext.newPage();
    await crew.goto(new URL(link).pathname);
    await crew.getByLabel("Password", { exact: true }).fill(member.password);
    await crew.getByLabel("Repeat password").fill(member.password);
    await crew.getByRole("button", { name: "Set password and sign in" }).click();
    await expect(crew).toHaveURL(new RegExp(`/${slug}$`));
    await crew.goto(`/${slug}/billing`);
    await crew.getByTestId("subscribe-link").first().click();
    await crew.getByRole("button", { name: "Continue to payment" }).click();
    await fillCard(crew, "4242 4242 4242 4242");
    await crew.getByRole("button", { name: /^Subscribe/ }).click();
    await expect(crew).toHaveURL(new RegExp(`/${slug}/billing/subscription`));
    await expect(async () => {
      await crew.goto(`/${slug}/billing/subscription`);
      await expect(crew.getByTestId("subscription-status").first()).toHaveAttribute("data-status", "active", { timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await crewContext.close();

    // Two accounts, two streams: the member's customer and subscription exist on the organisation's
    // own account only; the platform account gained no customer, and its one subscription for this
    // organisation is still the plan.
    const ownSubs = (await stripeApi(own.secretKey!, "subscriptions?status=all", {}, "GET")) as List;
    expect(ownSubs.data).toHaveLength(1);
    const ownCustomer = await stripeApi(own.secretKey!, `customers/${String(ownSubs.data[0]!.customer)}`, {}, "GET");
    expect(ownCustomer.email).toBe(member.email);
    const platformCustomers = ((await stripeApi(platform.secretKey, "customers?limit=100", {}, "GET")) as List).data;
    expect(platformCustomers).toHaveLength(platformCustomersBefore);
    expect(platformCustomers.map((c) => c.email)).not.toContain(member.email);
    await page.goto(`/${slug}/settings/billing`);
    await expect(page.getByTestId("platform-invoice-row")).toHaveCount(1);
    await expect(page.getByTestId("billing-status").first()).toHaveText("Active");
  });

  test("a declined platform renewal: past due while Stripe retries, suspended when it gives up, active again once the admin pays", async ({ page }) => {
    const platform = await platformAccount();
    await emulatorControl(`accounts/${platform.id}/subscription-settings`, { retries: 1, retry_interval_days: 3, after_retries: "mark_unpaid" });
    try {
      const customers = ((await stripeApi(platform.secretKey, "customers?limit=100", {}, "GET")) as List).data;
      const customer = customers.find((c) => c.name === `Harbour Sailing ${run}`);
      expect(customer).toBeDefined();
      const subs = (await stripeApi(platform.secretKey, `subscriptions?customer=${String(customer!.id)}`, {}, "GET")) as List;
      const subId = String(subs.data[0]!.id);
      const declining = await stripeApi(platform.secretKey, "payment_methods", { type: "card", "card[number]": "4000000000009995", "card[exp_month]": "12", "card[exp_year]": "2034", "card[cvc]": "123" });
      await stripeApi(platform.secretKey, `payment_methods/${String(declining.id)}/attach`, { customer: String(customer!.id) });
      await stripeApi(platform.secretKey, `subscriptions/${subId}`, { default_payment_method: String(declining.id) });

      await signIn(page, founder.email, founder.password);
      await emulatorControl("clock/advance", { account: platform.id, seconds: 31 * DAY });
      const due = page.getByTestId("amount-due-card");
      await expectBillingStatus(page, "Past due", () => expect(due).toContainText("$49.00 is due", { timeout: 1000 }));
      await expect(page.getByTestId("amount-due")).toHaveText("$49.00");
      await expect(page.getByTestId("next-invoice")).toHaveCount(0);
      await expect(page.getByTestId("plan-choice").getByRole("button", { name: /^Switch to/ })).toHaveCount(0);
      await shoot(page, SHOTS, "billing-past-due");

      await emulatorControl("clock/advance", { account: platform.id, seconds: 3 * DAY + 60 });
      await expectBillingStatus(page, "Suspended (unpaid)", () => expect(due).toContainText("the portal is suspended", { timeout: 1000 }));
      await expectNoSeriousViolationsAtBothWidths(page, "/settings/billing (suspended)");
      await shoot(page, SHOTS, "billing-suspended");

      await due.getByRole("link", { name: "Pay now" }).click();
      await expect(page).toHaveURL(new RegExp(`/${slug}/settings/billing/invoices/in_[A-Za-z0-9]+/pay`));
      await expectNoSeriousViolationsAtBothWidths(page, "/settings/billing/invoices/[invoiceId]/pay");
      await fillCard(page, "4242 4242 4242 4242");
      await page.getByRole("button", { name: "Pay $49.00" }).click();
      await expect(page).toHaveURL(new RegExp(`/${slug}/settings/billing\\?paid=in_`));
      await expectBillingStatus(page, "Active", async () => {
        await expect(page.getByTestId("amount-due-card")).toHaveCount(0, { timeout: 1000 });
        await expect(page.getByTestId("next-invoice")).toContainText("$49.00", { timeout: 1000 });
      });
    } finally {
      await emulatorControl(`accounts/${platform.id}/subscription-settings`, { off: true });
    }
  });

  test("the operator sees the organisation's billing history and the console's own audit log", async ({ page }) => {
    await signIn(page, "operator@memberpulse.test");
    await page.goto(`/platform?q=${slug}`);
    await page.getByTestId("tenant-row").filter({ hasText: slug }).getByRole("link").first().click();
    const history = page.getByTestId("billing-history");
    for (const label of ["Past due", "Suspended (unpaid)", "Active"]) await expect(history).toContainText(label);
    await page.goto("/platform/audit");
    const created = page.getByTestId("platform-audit-row").filter({ hasText: "platform.plan_created" });
    await expect(created.first()).toContainText("operator@memberpulse.test");
    await expectNoSeriousViolationsAtBothWidths(page, "/platform/audit");
    await shoot(page, SHOTS, "platform-audit");
    // The platform's event log lists this organisation's events (checkout, renewals, the failed attempts).
    await page.goto("/platform/webhooks");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoSeriousViolationsAtBothWidths(page, "/platform/webhooks");
  });
});
