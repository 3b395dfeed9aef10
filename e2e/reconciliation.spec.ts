import { expect, test } from "@playwright/test";
import Stripe from "stripe";
import { signIn } from "./support/auth";
import { EMULATOR_PORT } from "./support/e2e-env";
import { emulatorControl, shoot } from "./support/emulator";
import { SPEC_TENANTS } from "./support/spec-tenants";

const slug = SPEC_TENANTS.reconcile;
const SHOTS = process.env.MAIL_SHOTS;

test("events the portal never received are recovered by 'Reconcile now' and reported on the health panel", async ({ page }) => {
  const account = await emulatorControl("accounts", { mode: "test", name: "Reconcile Co" });
  await signIn(page, `admin@${slug}.test`);
  await page.goto(`/${slug}/settings/integrations/stripe?mode=test`);
  await expect(page.getByTestId("reconcile-now")).toHaveCount(0);
  // Keys only, no webhook endpoint: whatever happens in Stripe now never reaches the portal by itself.
  await page.getByLabel("Publishable key").fill(account.publishableKey!);
  await page.getByLabel("Secret key or restricted key").fill(account.secretKey!);
  await page.getByRole("button", { name: "Save test keys" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();

  const stripe = new Stripe(account.secretKey!, { host: "127.0.0.1", port: EMULATOR_PORT, protocol: "http" });
  for (const email of ["ann@reconcile.test", "bob@reconcile.test", "cy@reconcile.test"]) await stripe.customers.create({ email });

  await page.reload();
  await expect(page.getByTestId("reconciliation")).toContainText("Not reconciled yet");
  await page.getByTestId("reconcile-now").getByRole("button", { name: "Reconcile now" }).click();
  await expect(page.getByTestId("reconcile-now").getByRole("status")).toContainText("Reconciliation queued");
  await expect
    .poll(async () => {
      await page.reload();
      return page.getByTestId("reconciliation").innerText();
    }, { timeout: 30_000 })
    .toContain("Reconciled: 3 events recovered");
  await expect(page.getByTestId("webhook-health")).toContainText("customer.created");
  await page.getByTestId("reconciliation").scrollIntoViewIfNeeded();
  await shoot(page, SHOTS, "stripe-settings-reconciled");

  // Nothing new since: a second run recovers nothing.
  await page.getByTestId("reconcile-now").getByRole("button", { name: "Reconcile now" }).click();
  await expect
    .poll(async () => {
      await page.reload();
      return page.getByTestId("reconciliation").innerText();
    }, { timeout: 30_000 })
    .toContain("Reconciled: 0 events recovered");
  await expect(page.getByTestId("reconciliation")).toContainText("3 recovered in all");
});
