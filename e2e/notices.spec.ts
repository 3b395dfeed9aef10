import { createHmac } from "node:crypto";
import { expect, test } from "@playwright/test";
import postgres from "postgres";
import Stripe from "stripe";
import { signIn } from "./support/auth";
import { expectNoSeriousViolationsAtBothWidths } from "./support/axe";
import { e2eDatabaseUrl, EMULATOR_PORT } from "./support/e2e-env";
import { connectTenantToEmulator, emulatorControl, shoot } from "./support/emulator";
import { SPEC_TENANTS } from "./support/spec-tenants";

const slug = SPEC_TENANTS.notices;
const SHOTS = process.env.NOTICES_SHOTS;
const AUTH_SECRET = "e2e-auth-secret-not-for-production-000000";

/** The portal's unsubscribe token (lib/mail/notice-preferences.ts), made the way the server makes it. */
function unsubscribeToken(tenantId: string, userId: string, notice: string) {
  const key = createHmac("sha256", AUTH_SECRET).update("memberpulse:unsubscribe:v1").digest();
  const payload = Buffer.from(JSON.stringify([tenantId, userId, notice])).toString("base64url");
  return `${payload}.${createHmac("sha256", key).update(payload).digest("base64url")}`;
}

async function idsOf(email: string) {
  const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ tenantId: string; userId: string }[]>`select t.id as "tenantId", u.id as "userId" from tenants t, users u where t.slug = ${slug} and u.email = ${email}`;
    return row!;
  } finally {
    await sql.end();
  }
}

test.describe.configure({ mode: "serial" });

test("the admin imports an existing Stripe account's data and follows its progress", async ({ browser, page }) => {
  const account = await connectTenantToEmulator(browser, { slug, adminEmail: `admin@${slug}.test`, name: "Existing Co" });
  const stripe = new Stripe(account.secretKey!, { host: "127.0.0.1", port: EMULATOR_PORT, protocol: "http" });
  for (let p = 0; p < 3; p++) {
    const product = await stripe.products.create({ name: `Old plan ${p}` });
    await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 900 + p, recurring: { interval: "month" } });
  }
  for (let i = 0; i < 230; i += 10) await Promise.all([...Array(10).keys()].map((j) => stripe.customers.create({ email: `old${i + j}@existing.test` })));

  await signIn(page, `admin@${slug}.test`);
  await page.goto(`/${slug}/settings/integrations/stripe?mode=test`);
  const panel = page.getByTestId("backfill");
  // Slow Stripe down so that the import is seen under way.
  await emulatorControl("latency", { ms: 100 });
  try {
    await page.getByTestId("import-existing-data").getByRole("button").click();
    await expect(page.getByTestId("import-existing-data").getByRole("status")).toContainText(/Import queued|already under way/);
    await expect
      .poll(async () => {
        await page.reload();
        return panel.innerText();
      }, { timeout: 60_000 })
      .toMatch(/Customers\s*\n?\s*(100|200)/);
    await panel.scrollIntoViewIfNeeded();
    await shoot(page, SHOTS, "backfill-running");
  } finally {
    await emulatorControl("latency", { ms: 0 });
  }
  await expect
    .poll(async () => {
      await page.reload();
      return panel.innerText();
    }, { timeout: 60_000 })
    .toContain("Imported · 100%");
  await expect(page.getByRole("progressbar", { name: "Import progress" })).toHaveAttribute("aria-valuenow", "100");
  await expect(panel).toContainText("230");
  await expect(page.getByTestId("import-existing-data").getByRole("button")).toHaveText("Import again");
  await shoot(page, SHOTS, "backfill-done");
  await expectNoSeriousViolationsAtBothWidths(page, "/[tenant]/settings/integrations/stripe (import)");
});

test("a member turns renewal reminders off, and an unsubscribe link works signed out (a forged one does not)", async ({ page, browser }) => {
  await signIn(page, `member@${slug}.test`);
  await page.goto(`/${slug}`);
  await page.getByRole("link", { name: "E-mail notices" }).first().click();
  await expect(page.getByRole("heading", { name: "E-mail notices" })).toBeVisible();
  const renewal = page.getByRole("checkbox", { name: /Renewal reminders/ });
  const receipts = page.getByRole("checkbox", { name: /Payment receipts/ });
  await expect(renewal).toBeChecked();
  await renewal.uncheck();
  await page.getByRole("button", { name: "Save notices" }).click();
  await expect(page.getByTestId("notice-preferences").getByRole("status")).toContainText("Saved");
  await page.reload();
  await expect(renewal).not.toBeChecked();
  await expect(receipts).toBeChecked();
  await shoot(page, SHOTS, "notice-preferences");
  await expectNoSeriousViolationsAtBothWidths(page, "/[tenant]/notifications");

  const { tenantId, userId } = await idsOf(`member@${slug}.test`);
  const signedOut = await browser.newContext();
  const visitor = await signedOut.newPage();
  await visitor.goto(`/unsubscribe?token=${encodeURIComponent(unsubscribeToken(tenantId, userId, "payment_receipt"))}`);
  await expect(visitor.getByRole("heading", { name: "Unsubscribe" })).toBeVisible();
  await shoot(visitor, SHOTS, "unsubscribe");
  await expectNoSeriousViolationsAtBothWidths(visitor, "/unsubscribe");
  await visitor.getByRole("button", { name: "Unsubscribe from payment receipts" }).click();
  await expect(visitor.getByTestId("unsubscribe-form").getByRole("status")).toContainText("you will no longer receive payment receipts");
  await visitor.goto(`/unsubscribe?token=${encodeURIComponent(unsubscribeToken(tenantId, userId, "payment_receipt").slice(0, -4))}xxxx`);
  await expect(visitor.getByText("This link is not valid")).toBeVisible();
  await signedOut.close();

  await page.reload();
  await expect(receipts).not.toBeChecked();
});
