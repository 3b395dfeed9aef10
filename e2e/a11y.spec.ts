import { expect, test, type Page } from "@playwright/test";
import { addAcmeSamples } from "./support/acme-samples";
import { signIn } from "./support/auth";
import { seriousViolations } from "./support/axe";

// The seeded demo tenant: read-only here, so it never competes with the specs' own tenants.
const slug = "acme";
const WIDTHS = [1280, 390] as const;

const MEMBER_PAGES: [string, string][] = [
  ["Home", ""],
  ["Plans & pricing", "/billing"],
  ["My membership", "/billing/subscription"],
  ["My invoices", "/billing/invoices"],
  ["Payment history", "/billing/history"],
  ["Payment methods", "/billing/payment-methods"],
  ["Credits", "/billing/credits"],
];

const ADMIN_PAGES: [string, string][] = [
  ["Admin", "/admin"],
  ["Catalog", "/admin/catalog"],
  ["Members", "/admin/members"],
  ["Payments", "/admin/payments"],
  ["Subscriptions", "/admin/subscriptions"],
  ["Invoices", "/admin/invoices"],
  ["Webhook events", "/admin/webhooks"],
  ["Audit log", "/admin/audit"],
  ["Stripe settings", "/settings/integrations/stripe"],
  ["API keys", "/settings/api-keys"],
];

/** Visits each page at each width; collects every finding so one run lists them all. */
async function audit(page: Page, pages: [string, string][]) {
  const findings: string[] = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    for (const [title, path] of pages) {
      await page.goto(`/${slug}${path}`);
      await expect(page).toHaveTitle(`${title} · Acme Fitness Club`);
      for (const line of await seriousViolations(page, path)) findings.push(`${path || "/"} @${width}: ${line}`);
    }
  }
  expect(findings, findings.join("\n")).toEqual([]);
}

test.describe("accessibility audit (axe, serious and critical)", () => {
  test.beforeAll(addAcmeSamples);

  test("member pages at 1280 and 390 px", async ({ page }) => {
    await signIn(page, `member@${slug}.test`);
    await audit(page, MEMBER_PAGES);
  });

  test("admin pages at 1280 and 390 px, including one member's page", async ({ page }) => {
    await signIn(page, `admin@${slug}.test`);
    await page.goto(`/${slug}/admin/members`);
    const memberHref = await page.getByRole("link", { name: new RegExp(`member@${slug}\\.test`) }).first().getAttribute("href");
    expect(memberHref).toBeTruthy();
    await page.goto(`/${slug}/admin/catalog`);
    const productHref = await page.getByRole("link", { name: "Studio membership" }).getAttribute("href");
    expect(productHref).toBeTruthy();
    await audit(page, [...ADMIN_PAGES, ["Member", memberHref!.replace(`/${slug}`, "")], ["Product", productHref!.replace(`/${slug}`, "")]]);
  });
});
