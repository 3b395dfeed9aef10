import { expect, test, type Page } from "@playwright/test";
import { addAcmeSamples } from "./support/acme-samples";
import { signIn } from "./support/auth";
import { seriousViolations } from "./support/axe";

// The seeded demo tenant: read-only here, so it never competes with the specs' own tenants.
const slug = "acme";
const WIDTHS = [1280, 390] as const;
// A11Y_SHOTS=<dir> also saves a full-page screenshot of every audited page, to look at.
const SHOTS = process.env.A11Y_SHOTS;

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
  ["Reports", "/admin/reports"],
  ["Catalog", "/admin/catalog"],
  ["Coupons and promotion codes", "/admin/catalog/coupons"],
  ["Members", "/admin/members"],
  ["Payments", "/admin/payments"],
  ["Subscriptions", "/admin/subscriptions"],
  ["Invoices", "/admin/invoices"],
  ["Webhook events", "/admin/webhooks"],
  ["Audit log", "/admin/audit"],
  ["Mail", "/admin/mail"],
  ["Integrations", "/settings/integrations"],
  ["Stripe settings", "/settings/integrations/stripe"],
  ["API keys", "/settings/api-keys"],
];

/** Visits each page at one width; collects every finding so one run lists them all. */
async function audit(page: Page, width: number, pages: [string, string][]) {
  const findings: string[] = [];
  await page.setViewportSize({ width, height: 900 });
  for (const [title, path] of pages) {
    await page.goto(`/${slug}${path}`);
    await expect(page).toHaveTitle(`${title} · Acme Fitness Club`);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/acme${path.replaceAll("/", "-") || "-home"}-${width}.png`, fullPage: true });
    for (const line of await seriousViolations(page, path)) findings.push(`${path || "/"} @${width}: ${line}`);
  }
  expect(findings, findings.join("\n")).toEqual([]);
}

/** The admin pages plus one member's page and one product's page, whose ids are only known at run time. */
async function adminPages(page: Page): Promise<[string, string][]> {
  await page.goto(`/${slug}/admin/members`);
  const memberHref = await page.getByRole("link", { name: new RegExp(`member@${slug}\\.test`) }).first().getAttribute("href");
  await page.goto(`/${slug}/admin/catalog`);
  const productHref = await page.getByRole("link", { name: "Studio membership" }).getAttribute("href");
  expect(memberHref && productHref).toBeTruthy();
  return [...ADMIN_PAGES, ["Member", memberHref!.replace(`/${slug}`, "")], ["Product", productHref!.replace(`/${slug}`, "")]];
}

test.describe("accessibility audit (axe, serious and critical)", () => {
  test.beforeAll(addAcmeSamples);
  // ~2 s per page for axe on a busy 2-core machine; one test per role and width keeps each well inside.
  test.describe.configure({ timeout: 90_000 });

  for (const width of WIDTHS) {
    test(`member pages at ${width} px`, async ({ page }) => {
      await signIn(page, `member@${slug}.test`);
      await audit(page, width, MEMBER_PAGES);
    });

    test(`admin pages at ${width} px, including one member and one product`, async ({ page }) => {
      await signIn(page, `admin@${slug}.test`);
      await audit(page, width, await adminPages(page));
    });
  }
});
