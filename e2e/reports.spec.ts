import { expect, test } from "@playwright/test";
import { addAcmeSamples } from "./support/acme-samples";
import { signIn } from "./support/auth";

// acme's sample revenue (e2e/support/acme-samples.ts): a USD subscription upgraded from $29 to $59
// and a €39 one, in test mode; nothing in live mode.
test.describe("revenue reports", () => {
  test.beforeAll(addAcmeSamples);

  test("an admin opens Reports from the navigation: per-currency figures in test mode, an empty live mode", async ({ page }) => {
    await signIn(page, "admin@acme.test");
    await page.getByRole("navigation", { name: "Portal", exact: true }).getByRole("link", { name: "Reports" }).click();
    await expect(page.getByRole("heading", { name: "Reports", level: 1 })).toBeVisible();
    const usd = page.getByRole("region", { name: /US Dollar/ });
    await expect(usd.getByText("$59.00").first()).toBeVisible();
    await expect(page.getByRole("region", { name: /Euro/ }).getByText("€39.00").first()).toBeVisible();
    // The charts' figures are in tables for anyone who wants them exact.
    await usd.getByText("Show the figures").first().click();
    await expect(usd.getByRole("table", { name: "MRR in USD" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "How these figures are computed" })).toBeVisible();
    await page.getByRole("navigation", { name: "Stripe mode" }).getByRole("link", { name: "Live" }).click();
    await expect(page.getByText("No revenue in live mode yet")).toBeVisible();
    await expect(page.getByRole("link", { name: "Live" })).toHaveAttribute("aria-current", "page");
  });

  test("the overview shows the headline figures and links to Reports", async ({ page }) => {
    await signIn(page, "admin@acme.test");
    const card = page.locator("section", { has: page.getByRole("heading", { name: "Revenue", exact: true }) });
    await expect(card.getByText("MRR · USD")).toBeVisible();
    await expect(card.getByText("$59.00").first()).toBeVisible();
    await expect(card.getByRole("link", { name: "Reports" })).toHaveAttribute("href", "/acme/admin/reports?mode=test");
  });

  test("a member gets 403 on Reports, and another tenant's admin 404", async ({ page }) => {
    await signIn(page, "member@acme.test");
    expect((await page.goto("/acme/admin/reports"))?.status()).toBe(403);
    // Leave the portal first: a request still in flight from its page would bring the (re-issued)
    // session cookie back after the clear.
    await page.goto("about:blank");
    await page.context().clearCookies();
    await signIn(page, "admin@globex.test");
    expect((await page.goto("/acme/admin/reports"))?.status()).toBe(404);
  });
});
