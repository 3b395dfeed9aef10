import { expect, test } from "@playwright/test";
import { signIn } from "./support/auth";
import { SPEC_TENANTS } from "./support/spec-tenants";

const slug = SPEC_TENANTS.members;

test.describe("admin manages members", () => {
  test("promote, demote, then remove a member — who is signed out at once on their own device", async ({ browser, page }) => {
    const memberContext = await browser.newContext();
    const memberPage = await memberContext.newPage();
    await signIn(memberPage, `member@${slug}.test`);
    await expect(memberPage).toHaveURL(new RegExp(`/${slug}$`));

    await signIn(page, `admin@${slug}.test`);
    await page.goto(`/${slug}/admin/members`);
    await page.getByRole("link", { name: new RegExp(`member@${slug}\\.test`) }).first().click();
    const membership = page.locator("section").filter({ has: page.getByRole("heading", { name: "Membership" }) });
    await membership.getByLabel("Role").selectOption("ROLE_CLIENT_ADMIN");
    await membership.getByRole("button", { name: "Save role" }).click();
    await expect(membership.getByRole("status")).toHaveText(/Role saved/);
    await memberPage.goto(`/${slug}/admin`);
    await expect(memberPage.getByRole("heading", { name: "Admin overview" })).toBeVisible();

    // A fresh page, so the first save's "Role saved" cannot stand in for the second one's.
    await page.reload();
    await expect(membership.getByRole("status")).toHaveCount(0);
    await membership.getByLabel("Role").selectOption("ROLE_MEMBER");
    await membership.getByRole("button", { name: "Save role" }).click();
    await expect(membership.getByRole("status")).toHaveText(/Role saved/);
    expect((await memberPage.goto(`/${slug}/admin`))?.status()).toBe(403);

    await page.setViewportSize({ width: 390, height: 844 });
    await membership.getByRole("button", { name: "Remove from portal…" }).click();
    await expect(membership.getByText(/They lose access at once and are signed out on every device/)).toBeVisible();
    await page.screenshot({ path: "test-results/members-remove-confirm-390.png", fullPage: true });
    await membership.getByRole("button", { name: "Yes, remove" }).click();
    await expect(page).toHaveURL(new RegExp(`/${slug}/admin/members\\?removed=1$`));
    await expect(page.getByRole("status").filter({ hasText: "Member removed" })).toBeVisible();
    await expect(page.getByText(`member@${slug}.test`)).toHaveCount(0);

    // The removed member's open session ends on their next click.
    await memberPage.goto(`/${slug}`);
    await expect(memberPage).toHaveURL(/\/sign-in/);
    await memberContext.close();
  });

  test("the last admin cannot demote themselves", async ({ page }) => {
    await signIn(page, `admin@${slug}.test`);
    await page.goto(`/${slug}/admin/members`);
    await page.getByRole("link", { name: new RegExp(`admin@${slug}\\.test`) }).first().click();
    const membership = page.locator("section").filter({ has: page.getByRole("heading", { name: "Membership" }) });
    await membership.getByLabel("Role").selectOption("ROLE_MEMBER");
    await membership.getByRole("button", { name: "Save role" }).click();
    await expect(membership.getByRole("alert")).toHaveText(/at least one admin/);
    await page.screenshot({ path: "test-results/members-last-admin-1280.png", fullPage: true });
  });
});
