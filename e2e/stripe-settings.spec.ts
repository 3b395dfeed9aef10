import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./support/auth";
import { emulatorControl } from "./support/emulator";
import { SPEC_TENANTS } from "./support/spec-tenants";

// globex is used here so that specs which need acme connected set it up their own way.
const PAGE = "/globex/settings/integrations/stripe";

/** Every document and server-action response the page receives, to prove no secret is ever sent to the browser. */
function recordResponses(page: Page) {
  const bodies: Promise<string>[] = [];
  page.on("response", (r) => {
    const type = r.request().resourceType();
    if (type === "document" || type === "fetch" || type === "xhr") bodies.push(r.text().catch(() => ""));
  });
  return async () => (await Promise.all(bodies)).join("\n");
}

test.describe("Settings > Integrations > Stripe", () => {
  test.afterEach(async () => {
    await emulatorControl("unreachable", { on: false });
  });

  test("a member gets 403 and another tenant's admin gets 404", async ({ page, browser }) => {
    await signIn(page, "member@globex.test");
    expect((await page.goto(PAGE))?.status()).toBe(403);
    const other = await browser.newPage();
    await signIn(other, "admin@acme.test");
    expect((await other.goto(PAGE))?.status()).toBe(404);
    await other.close();
  });

  test("an admin connects test mode, creates the webhook endpoint, and recovers from an outage", async ({ page }) => {
    const account = await emulatorControl("accounts", { mode: "test", name: "Globex Emulated" });
    const responses = recordResponses(page);
    await signIn(page, "admin@globex.test");
    await page.goto(`${PAGE}?mode=test`);
    await expect(page.getByRole("heading", { name: "Stripe", exact: true })).toBeVisible();
    const badge = page.getByTestId("stripe-status");
    const secretInput = page.getByLabel("Secret key or restricted key");

    // A live key in test mode: field error, nothing stored; the publishable key typed stays, the secret is asked for again.
    await page.getByLabel("Publishable key").fill(account.publishableKey!);
    await secretInput.fill(`sk_live_${"x".repeat(24)}`);
    await page.getByRole("button", { name: "Save test keys" }).click();
    await expect(page.getByText(/This is a live-mode key/)).toBeVisible();
    await expect(page.getByLabel("Publishable key")).toHaveValue(account.publishableKey!);
    await expect(secretInput).toHaveValue("");
    await expect(page.getByRole("alert").filter({ hasText: "Type the secret key and signing secret again" })).toBeVisible();
    await page.reload();
    await expect(badge).toHaveText("Not configured");

    await page.getByLabel("Publishable key").fill(account.publishableKey!);
    await secretInput.fill(account.secretKey!);
    await page.getByRole("button", { name: "Save test keys" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
    await expect(badge).toHaveText("Not tested yet");
    await expect(page.getByText(`sk_test_…${account.secretKey!.slice(-4)}`)).toBeVisible();

    await page.getByRole("button", { name: "Test connection" }).click();
    await expect(badge).toHaveText("Connected");
    await expect(page.getByTestId("stripe-account")).toContainText(account.id!);
    await expect(page.getByTestId("stripe-account")).toContainText("Globex Emulated");

    await page.getByRole("button", { name: "Create webhook endpoint" }).click();
    await expect(page.getByTestId("webhook-endpoint-id")).toHaveText(/^we_/);
    await expect(page.getByText(/No events have been received/)).toBeVisible();

    if (process.env.STRIPE_SETTINGS_SHOTS) {
      mkdirSync(process.env.STRIPE_SETTINGS_SHOTS, { recursive: true });
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.screenshot({ path: `${process.env.STRIPE_SETTINGS_SHOTS}/stripe-1280.png`, fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: `${process.env.STRIPE_SETTINGS_SHOTS}/stripe-390.png`, fullPage: true });
      await page.setViewportSize({ width: 1280, height: 900 });
    }

    // Stripe goes away: the badge says so, and the retry works once it is back.
    await emulatorControl("unreachable", { on: true });
    await page.getByRole("button", { name: "Test connection" }).click();
    await expect(badge).toHaveText("Stripe unreachable", { timeout: 30_000 });
    await expect(page.getByTestId("stripe-health-message")).toContainText("Could not reach Stripe");
    await emulatorControl("unreachable", { on: false });
    await page.getByRole("button", { name: "Retry connection test" }).click();
    await expect(badge).toHaveText("Connected");

    // The admin overview shows the same status, linking here.
    await page.goto("/globex/admin");
    await expect(page.getByTestId("stripe-status")).toHaveText("Connected");
    await page.goto("/globex/admin/audit");
    await expect(page.getByText("stripe.keys_saved")).toBeVisible();

    const all = await responses();
    expect(all).toContain("sk_test_…");
    expect(all).not.toContain(account.secretKey!);
    expect(all).not.toContain(account.secretKey!.slice(8));
  });

  test("a restricted key missing a permission the portal needs is named on the page", async ({ page }) => {
    const slug = SPEC_TENANTS.restrictedKeys;
    const account = await emulatorControl("accounts", { mode: "test", name: "Restricted Gym" });
    await emulatorControl(`accounts/${account.id}/restrict`, { permissions: { invoice: "read", refund: "none" } });
    const responses = recordResponses(page);
    await signIn(page, `admin@${slug}.test`);
    await page.goto(`/${slug}/settings/integrations/stripe?mode=test`);
    const guide = page.getByTestId("restricted-key-guide");
    await expect(guide.getByRole("row", { name: /Invoices\s+Write/ })).toBeVisible();
    await expect(guide.getByRole("link", { name: "Developers > API keys" })).toHaveAttribute("href", "https://dashboard.stripe.com/test/apikeys");

    await page.getByLabel("Publishable key").fill(account.publishableKey!);
    await page.getByLabel("Secret key or restricted key").fill(account.restrictedKey!);
    await page.getByRole("button", { name: "Save test keys" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
    await expect(page.getByText(`rk_test_…${account.restrictedKey!.slice(-4)}`)).toBeVisible();

    await page.getByRole("button", { name: "Test connection" }).click();
    const missing = page.getByRole("list", { name: "Missing permissions" });
    await expect(missing.getByRole("listitem")).toHaveText(["Missing permission: Refunds (write)", "Missing permission: Invoices (write)"]);
    await expect(page.getByTestId("stripe-health-message")).toContainText("Connected to Restricted Gym. The restricted key lacks 2 permissions");

    // Fixed in the Dashboard (same key, more permissions): the retry clears the list.
    await emulatorControl(`accounts/${account.id}/restrict`, { permissions: { invoice: "write", refund: "write" } });
    await page.getByRole("button", { name: "Retry connection test" }).click();
    await expect(page.getByTestId("stripe-health-message")).toHaveText("Connected to Restricted Gym.");
    await expect(missing).toHaveCount(0);

    const all = await responses();
    expect(all).not.toContain(account.restrictedKey!);
    expect(all).not.toContain(account.restrictedKey!.slice(8));
  });
});
