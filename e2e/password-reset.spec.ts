import { expect, test } from "@playwright/test";
import { signIn } from "./support/auth";
import { shoot } from "./support/emulator";
import { mailTo, waitForMail } from "./support/mail";
import { SPEC_TENANTS } from "./support/spec-tenants";

const slug = SPEC_TENANTS.passwordReset;
const member = `member@${slug}.test`;
const NEW_PASSWORD = "a fresh password 42";
const SHOTS = process.env.MAIL_SHOTS;

test("a member who forgot the password gets the mail, sets a new one, and every old session ends", async ({ browser }) => {
  // Signed in on another device, which must be signed out by the reset.
  const laptop = await (await browser.newContext()).newPage();
  await signIn(laptop, member);
  await laptop.goto(`/${slug}`);
  await expect(laptop).toHaveURL(new RegExp(`/${slug}$`));

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await page.getByLabel("E-mail").fill(member);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByTestId("forgot-password-form").getByRole("status")).toContainText(`If ${member} has an account, a link to reset its password is on its way`);

  const mail = await waitForMail(member, /^Reset your MemberPulse password$/);
  expect(mail.html).toContain("Choose a new password");
  const link = mail.text.match(/http:\/\/localhost:\d+\/reset-password\/[A-Za-z0-9_-]{43}/)?.[0];
  expect(link, "the plain-text part carries the link").toBeTruthy();

  await page.goto(link!);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await shoot(page, SHOTS, "reset-password");
  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Repeat new password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page).toHaveURL(/\/sign-in\?reset=1$/);
  await expect(page.getByRole("status").filter({ hasText: "signed out everywhere" })).toBeVisible();

  // The other device's session is over.
  await laptop.goto(`/${slug}`);
  await expect(laptop).toHaveURL(/\/sign-in/);

  // The link worked once.
  await page.goto(link!);
  await expect(page.getByRole("heading", { name: "This link no longer works" })).toBeVisible();

  // The old password is refused, the new one works; one reset mail in all.
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(member);
  await page.getByLabel("Password").fill("memberpulse");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("That e-mail and password do not match an account.")).toBeVisible();
  await signIn(page, member, NEW_PASSWORD);
  expect((await mailTo(member)).filter((m) => m.subject.startsWith("Reset"))).toHaveLength(1);
});

test("an admin's invitation is e-mailed once and listed on the Mail page", async ({ page }) => {
  const invitee = `invitee-${Date.now()}@${slug}.test`;
  await signIn(page, `admin@${slug}.test`);
  await page.goto(`/${slug}/admin/members`);
  const form = page.locator("form", { has: page.getByRole("button", { name: "Invite" }) });
  await form.getByLabel("E-mail").fill(invitee);
  await form.getByRole("button", { name: "Invite" }).click();
  await expect(form.getByRole("status")).toContainText("an invitation e-mail is on its way");
  const secret = await form.getByLabel("One-time sign-in link").inputValue();

  const mail = await waitForMail(invitee, /^You are invited to /);
  expect(mail.text).toContain(secret);

  await page.goto(`/${slug}/admin/mail`);
  await expect(page).toHaveTitle(/^Mail · /);
  const item = page.getByTestId("mail-item").filter({ hasText: invitee });
  await expect(item).toContainText("Sent");
  await expect(item).toContainText("Member invite");
  await expect(item).toContainText("Carries a one-time link");
  await expect(page.getByTestId("mail-delivery")).toContainText("SMTP_URL");
  await shoot(page, SHOTS, "mail-page");
  await page.goto("/forgot-password");
  await shoot(page, SHOTS, "forgot-password");
  expect(await mailTo(invitee)).toHaveLength(1);
});
