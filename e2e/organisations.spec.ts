import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./support/auth";
import { expectNoSeriousViolationsAtBothWidths } from "./support/axe";
import { emulatorControl, shoot } from "./support/emulator";

// Screenshots of the pages this spec covers, at 1280 and 390 px (looked at by whoever changes them).
const SHOTS = "test-results/organisations";
const run = Date.now().toString(36);
const slug = `riverside-${run}`;
const founder = { name: "Rita River", email: `founder-${run}@riverside.test`, password: "a long founder password" };

async function checklistProgress(page: Page) {
  await page.goto(`/${slug}/admin`);
  return page.getByTestId("first-run-checklist");
}

test.describe.serial("a new organisation comes aboard", () => {
  test("signs up at /start: reserved address refused, then the organisation and its first admin are created and signed in", async ({ page }) => {
    await page.goto("/start");
    await expect(page).toHaveTitle("Start your organisation · MemberPulse");
    await expectNoSeriousViolationsAtBothWidths(page, "/start");
    const form = page.getByTestId("start-form");
    await form.getByLabel("Organisation name").fill("Riverside Rowing Club");
    await expect(form.getByLabel("Address")).toHaveValue("riverside-rowing-club");
    await form.getByLabel("Your name").fill(founder.name);
    await form.getByLabel("E-mail").fill(founder.email);
    await form.getByLabel("Password").fill(founder.password);
    await shoot(page, SHOTS, "start");

    await form.getByLabel("Address").fill("platform");
    await form.getByRole("button", { name: "Create organisation" }).click();
    await expect(form.getByRole("alert")).toHaveText(/reserved by MemberPulse/);
    // The refusal keeps everything typed, the password included (the refusal is about the address).
    await expect(form.getByLabel("E-mail")).toHaveValue(founder.email);
    await expect(form.getByLabel("Password")).toHaveValue(founder.password);
    await expectNoSeriousViolationsAtBothWidths(page, "/start (address refused)");

    await form.getByLabel("Address").fill(slug);
    await form.getByRole("button", { name: "Create organisation" }).click();
    await expect(page).toHaveURL(new RegExp(`/${slug}/admin\\?welcome=1$`));
    const checklist = page.getByTestId("first-run-checklist");
    await expect(checklist.getByRole("heading", { name: /Welcome! Riverside Rowing Club is ready/ })).toBeVisible();
    await expect(checklist.getByTestId("checklist-progress")).toHaveText("0 of 3 done");
    await expectNoSeriousViolationsAtBothWidths(page, "/admin (checklist)");
    await shoot(page, SHOTS, "checklist-new");
  });

  test("pending invitations: a fresh link replaces the old one, a withdrawn one disappears, and the checklist's last step ticks", async ({ page, browser }) => {
    await signIn(page, founder.email, founder.password);
    await expect(page).toHaveURL(new RegExp(`/${slug}/admin$`));

    await page.goto(`/${slug}/admin/members`);
    const inviteForm = page.locator("form").filter({ has: page.getByRole("button", { name: "Invite" }) });
    for (const local of ["kim", "lee"]) {
      await inviteForm.getByLabel("E-mail").fill(`${local}-${run}@riverside.test`);
      await inviteForm.getByRole("button", { name: "Invite" }).click();
      await expect(inviteForm.getByRole("status")).toHaveText(new RegExp(`Invited ${local}-`));
    }
    const leeFirstLink = await inviteForm.getByLabel("One-time sign-in link").inputValue();
    await page.reload();
    const pending = page.getByTestId("pending-invite");
    await expect(pending).toHaveCount(2);
    await expect(pending.first()).toContainText(/Expires \d/);
    await shoot(page, SHOTS, "members-pending");

    const lee = pending.filter({ hasText: `lee-${run}` });
    await lee.getByRole("button", { name: "New link" }).click();
    await expect(lee.getByRole("status")).toHaveText(/previous one no longer works/);
    const freshLink = await lee.getByLabel("One-time sign-in link").inputValue();
    expect(freshLink).not.toEqual(leeFirstLink);
    const visitor = await browser.newPage();
    await visitor.goto(new URL(leeFirstLink).pathname);
    await expect(visitor.getByRole("heading", { name: "This link no longer works" })).toBeVisible();
    await visitor.goto(new URL(freshLink).pathname);
    await expect(visitor.getByRole("heading", { name: "Join Riverside Rowing Club" })).toBeVisible();
    await visitor.close();

    const kim = pending.filter({ hasText: `kim-${run}` });
    await kim.getByRole("button", { name: "Withdraw" }).click();
    await page.getByRole("button", { name: "Yes, withdraw" }).click();
    await expect(page.getByTestId("pending-invite")).toHaveCount(1);
    await expect(page.getByRole("link", { name: new RegExp(`kim-${run}`) })).toHaveCount(0);

    const checklist = await checklistProgress(page);
    await expect(checklist.getByTestId("checklist-members")).toHaveAttribute("data-done", "true");
    await expect(checklist.getByTestId("checklist-progress")).toHaveText("1 of 3 done");
  });

  test("connecting Stripe and creating the first plan tick the rest off, and the checklist goes away", async ({ page }) => {
    await signIn(page, founder.email, founder.password);
    await expect(page).toHaveURL(new RegExp(`/${slug}/admin$`));

    const account = await emulatorControl("accounts", { mode: "test", name: "Riverside (emulator)" });
    await page.getByTestId("checklist-stripe").getByRole("link", { name: "Connect Stripe" }).click();
    await page.getByLabel("Publishable key").fill(account.publishableKey!);
    await page.getByLabel("Secret key or restricted key").fill(account.secretKey!);
    await page.getByRole("button", { name: "Save test keys" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
    await page.getByRole("button", { name: "Test connection" }).click();
    await expect(page.getByTestId("stripe-status").first()).toHaveText("Connected");

    let checklist = await checklistProgress(page);
    await expect(checklist.getByTestId("checklist-progress")).toHaveText("2 of 3 done");
    await shoot(page, SHOTS, "checklist-two-done");

    await checklist.getByRole("link", { name: "Open the catalog" }).click();
    const form = page.getByTestId("new-product-form");
    await form.getByLabel("Kind").selectOption("membership_plan");
    await form.getByLabel("Name").fill("Rower monthly");
    await form.getByLabel("Amount").fill("30.00");
    await form.getByLabel("Billing").selectOption("month");
    await form.getByRole("button", { name: "Create product" }).click();
    await expect(form.getByRole("status")).toContainText("Created “Rower monthly”");

    checklist = await checklistProgress(page);
    await expect(page.getByRole("heading", { name: "Admin overview" })).toBeVisible();
    await expect(checklist).toHaveCount(0);
  });
});
