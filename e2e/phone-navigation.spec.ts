import { expect, test } from "@playwright/test";
import { addAcmeSamples } from "./support/acme-samples";
import { signIn } from "./support/auth";
import { seriousViolations } from "./support/axe";

// The seeded demo tenant, read only: an admin sees all three groups (Member, Admin, Settings).
const slug = "acme";
const PHONE = { width: 390, height: 844 };

test.describe("phone navigation and layout (390 px)", () => {
  test.beforeAll(addAcmeSamples);

  test.beforeEach(async ({ page }) => {
    await page.setViewportSize(PHONE);
    await signIn(page, `admin@${slug}.test`);
  });

  test("the menu button opens the grouped sections, marks the current page, closes on Escape and on a link", async ({ page }) => {
    await page.goto(`/${slug}/admin/audit`);
    const menu = page.getByRole("button", { name: "Menu" });
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    const nav = page.getByRole("navigation", { name: "Portal" });
    await expect(nav).toBeHidden();

    // The skip link stays the first stop; the menu button follows it.
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(menu).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    await expect(page.locator(`#${await menu.getAttribute("aria-controls")}`)).toBeVisible();

    for (const heading of ["Member", "Admin", "Settings"]) await expect(nav.getByRole("heading", { name: heading })).toBeVisible();
    // Two invoice pages, told apart by name, in the groups' order (the member's own pages first).
    const links = await nav.getByRole("link").allTextContents();
    expect(links.indexOf("My invoices")).toBeLessThan(links.indexOf("Overview"));
    expect(links.indexOf("Invoices")).toBeGreaterThan(links.indexOf("Overview"));
    expect(links.indexOf("Invoices")).toBeLessThan(links.indexOf("Integrations"));
    await expect(nav.locator('[aria-current="page"]')).toHaveText("Audit log");
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: "test-results/phone-menu-open-390.png" });

    await page.keyboard.press("Tab");
    await expect(nav.getByRole("link", { name: "Home" })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(nav).toBeHidden();
    await expect(menu).toBeFocused();
    await expect(menu).toHaveAttribute("aria-expanded", "false");

    await menu.click();
    await nav.getByRole("link", { name: "Members", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/${slug}/admin/members$`));
    await expect(nav).toBeHidden();
    await menu.click();
    await expect(nav.locator('[aria-current="page"]')).toHaveText("Members");
  });

  test("the audit log shows every column as a labelled card, with no sideways scrolling", async ({ page }) => {
    for (const path of ["/admin/audit", "/admin"]) {
      await page.goto(`/${slug}${path}`);
      const firstRow = page.getByRole("row").nth(1);
      await expect(firstRow.getByRole("cell")).toHaveCount(4);
      for (const label of ["When", "Who", "Action", "Fields"]) await expect(firstRow.getByText(label, { exact: true })).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    }
    await page.screenshot({ path: "test-results/phone-admin-overview-390.png", fullPage: true });
    await page.goto(`/${slug}/admin/audit`);
    await page.screenshot({ path: "test-results/phone-audit-log-390.png", fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await expect(page.getByRole("columnheader", { name: "Action" })).toBeVisible();
    await page.screenshot({ path: "test-results/desktop-audit-log-1280.png", fullPage: true });
  });

  test("checkboxes are at least 24 × 24 px", async ({ page }) => {
    await page.goto(`/${slug}/admin/catalog`);
    await page.getByRole("link", { name: "Studio membership" }).click();
    await expect(page.getByRole("heading", { name: "Studio membership", level: 1 })).toBeVisible();
    const box = await page.getByRole("checkbox", { name: "Studio access (a11y sample)" }).boundingBox();
    expect(box?.width).toBeGreaterThanOrEqual(24);
    expect(box?.height).toBeGreaterThanOrEqual(24);
    await page.screenshot({ path: "test-results/phone-product-390.png", fullPage: true });
  });
});
