import { createHmac } from "node:crypto";
import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { signIn } from "./support/auth";
import { e2eDatabaseUrl } from "./support/e2e-env";
import { shoot } from "./support/emulator";
import { waitForMail } from "./support/mail";
import { SPEC_TENANTS } from "./support/spec-tenants";
import { expectNoSeriousViolationsAtBothWidths } from "./support/axe";

const slug = SPEC_TENANTS.emailVerification;
const member = `member@${slug}.test`;
const SHOTS = process.env.EMAIL_VERIFICATION_SHOTS;
const AUTH_SECRET = "e2e-auth-secret-not-for-production-000000";

/** The portal's unsubscribe token (lib/mail/notice-preferences.ts), as an optional mail's footer carries it. */
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

test("a signed-in member whose address is not confirmed asks for a new link and confirms it", async ({ page }) => {
  await signIn(page, member);
  await page.goto(`/${slug}/notifications`);
  await expect(page.getByText(`${member} is not confirmed yet`)).toBeVisible();
  await shoot(page, SHOTS, "resend-verification");
  await page.getByRole("button", { name: "Resend verification link" }).click();
  await expect(page.getByTestId("resend-verification").getByRole("status")).toContainText(`a new link is on its way to ${member}`);

  const mail = await waitForMail(member, new RegExp(`^Confirm your e-mail address for E2E verify$`));
  const link = mail.text.match(/http:\/\/localhost:\d+\/verify-email\/[A-Za-z0-9_-]{43}/)?.[0];
  expect(link, "the plain-text part carries the link").toBeTruthy();
  await page.goto(link!);
  await expectNoSeriousViolationsAtBothWidths(page, "/verify-email/[token]");
  await page.getByRole("button", { name: "Confirm my address" }).click();
  await expect(page.getByTestId("verify-email-form").getByRole("status")).toContainText("your e-mail address is confirmed");

  // Single use: the same link again does nothing.
  await page.goto(link!);
  await page.getByRole("button", { name: "Confirm my address" }).click();
  await expect(page.getByTestId("verify-email-form").getByRole("alert")).toContainText("already used or has expired");

  await page.goto(`/${slug}/notifications`);
  await expect(page.getByTestId("email-verified")).toBeVisible();
  await expect(page.getByRole("button", { name: "Resend verification link" })).toHaveCount(0);
});

test("unsubscribing from a notice offers Undo, which turns it back on", async ({ page, browser }) => {
  const { tenantId, userId } = await idsOf(member);
  const signedOut = await browser.newContext();
  const visitor = await signedOut.newPage();
  await visitor.goto(`/unsubscribe?token=${encodeURIComponent(unsubscribeToken(tenantId, userId, "renewal_upcoming"))}`);
  await visitor.getByRole("button", { name: "Unsubscribe from renewal reminders" }).click();
  await expect(visitor.getByTestId("unsubscribe-form").getByRole("status")).toContainText("you will no longer receive renewal reminders");

  await signIn(page, member);
  await page.goto(`/${slug}/notifications`);
  const renewal = page.getByRole("checkbox", { name: /Renewal reminders/ });
  await expect(renewal).not.toBeChecked();

  await shoot(visitor, SHOTS, "unsubscribe-undo");
  await visitor.getByRole("button", { name: "Undo" }).click();
  await expect(visitor.getByTestId("unsubscribe-undo-form").getByRole("status")).toContainText("you will receive renewal reminders from E2E verify again");
  await signedOut.close();

  await page.reload();
  await expect(renewal).toBeChecked();
});
