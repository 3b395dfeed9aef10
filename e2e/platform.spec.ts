import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./support/auth";
import { expectNoSeriousViolationsAtBothWidths } from "./support/axe";
import { APP_URL } from "./support/e2e-env";
import { shoot } from "./support/emulator";
import { SPEC_TENANTS } from "./support/spec-tenants";

const SHOTS = "test-results/platform";
const OPERATOR = "operator@memberpulse.test";
const slug = SPEC_TENANTS.platform;

/** A member starting a payment through the API with their session cookie. */
async function startPayment(page: Page) {
  return page.request.post(`/api/payments/create-intent?tenant=${slug}`, {
    headers: { origin: APP_URL, "content-type": "application/json" },
    data: { price_id: randomUUID() },
  });
}

test.describe("the platform operator console", () => {
  test("only the operator reaches /platform: signed out → sign-in, tenant admins and members → 404", async ({ page, browser }) => {
    await page.goto("/platform");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fplatform/);

    for (const email of ["admin@acme.test", `admin@${slug}.test`, "member@acme.test"]) {
      const context = await browser.newContext();
      const other = await context.newPage();
      await signIn(other, email);
      expect((await other.goto("/platform"))?.status(), email).toBe(404);
      expect((await other.goto(`/platform/tenants/${randomUUID()}`))?.status(), email).toBe(404);
      await context.close();
    }

    // The operator has no portal of their own: signing in lands on the console.
    await signIn(page, OPERATOR);
    await expect(page).toHaveURL(/\/platform$/);
    await expect(page.getByRole("heading", { name: "Tenants" })).toBeVisible();
  });

  test("finds a tenant, suspends it with a reason (its admins see why, new payments are refused), then reactivates it", async ({ page, browser }) => {
    await signIn(page, OPERATOR);
    await page.goto("/platform");
    await expect(page.getByTestId("tenant-row").filter({ hasText: "/acme" })).toBeVisible();
    await expectNoSeriousViolationsAtBothWidths(page, "/platform");
    await shoot(page, SHOTS, "tenants");

    await page.getByLabel("Search by name or address").fill(slug);
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.getByTestId("tenant-row")).toHaveCount(1);
    await page.getByTestId("tenant-row").getByRole("link").click();
    await expect(page.getByRole("heading", { name: "E2E platform" })).toBeVisible();
    await expect(page.getByTestId("tenant-status").first()).toHaveText("Active");
    await expect(page.getByTestId("connection-test")).toContainText("Not connected");
    // Head counts only: nobody's e-mail is on the operator's page.
    await expect(page.getByText(`@${slug}.test`)).toHaveCount(0);

    const memberContext = await browser.newContext();
    const member = await memberContext.newPage();
    await signIn(member, `member@${slug}.test`);
    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    await signIn(admin, `admin@${slug}.test`);

    const form = page.getByTestId("status-form");
    await form.getByRole("button", { name: "Suspend…" }).click(); // empty reason: the browser asks for it first
    await expect(page.getByRole("dialog")).toHaveCount(0);
    await form.getByLabel("Reason").fill("Platform invoice unpaid for 30 days");
    await form.getByRole("button", { name: "Suspend…" }).click();
    await page.getByRole("button", { name: "Yes, suspend" }).click();
    await expect(form.getByRole("status")).toHaveText(/Suspended/);
    await expect(page.getByTestId("tenant-status").first()).toHaveText("Suspended");
    await expect(page.getByTestId("status-history")).toContainText("Platform invoice unpaid for 30 days");
    await expect(page.getByTestId("status-history")).toContainText(`by ${OPERATOR}`);
    await expectNoSeriousViolationsAtBothWidths(page, "/platform/tenants/[tenantId]");
    await shoot(page, SHOTS, "tenant-suspended");

    await admin.goto(`/${slug}/admin`);
    await expect(admin.getByTestId("suspended-notice")).toContainText("Platform invoice unpaid for 30 days");
    await shoot(admin, SHOTS, "admin-suspended-notice");
    await admin.goto(`/${slug}/admin/audit`);
    await expect(admin.getByText("tenant.suspended").first()).toBeVisible();
    await member.goto(`/${slug}/billing/history`);
    await expect(member.getByTestId("suspended-notice")).toHaveText(/not taking new payments/);
    await expect(member.getByTestId("suspended-notice")).not.toContainText("invoice unpaid");
    const refused = await startPayment(member);
    expect(refused.status()).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: "tenant_suspended" } });

    await form.getByLabel("Reason").fill("Invoice settled");
    await form.getByRole("button", { name: "Reactivate…" }).click();
    await page.getByRole("button", { name: "Yes, reactivate" }).click();
    await expect(page.getByTestId("tenant-status").first()).toHaveText("Active");
    await admin.goto(`/${slug}/admin`);
    await expect(admin.getByTestId("suspended-notice")).toHaveCount(0);
    // Past the gate again: this price does not exist, which is the service's own answer.
    const after = await startPayment(member);
    expect(after.status()).toBe(404);
    await memberContext.close();
    await adminContext.close();
  });

  test("the suspend action refuses anyone but the operator, even a replay of the operator's own request", async ({ page, browser }) => {
    await signIn(page, OPERATOR);
    await page.goto(`/platform?q=${slug}`);
    await page.getByTestId("tenant-row").getByRole("link").click();
    await expect(page).toHaveURL(/\/platform\/tenants\/[0-9a-f-]{36}$/);
    const tenantUrl = new URL(page.url()).pathname;
    await expect(page.getByTestId("tenant-status").first()).toHaveText("Active");

    // Capture the server action request "Suspend" sends (and stop it there), to replay it as someone else.
    let captured: { headers: Record<string, string>; body: Buffer } | undefined;
    await page.route((url) => url.pathname === tenantUrl, async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      // Without the cookie: each replay carries the session of the context that sends it.
      const { cookie: _operatorsCookie, ...headers } = await route.request().allHeaders();
      captured = { headers, body: route.request().postDataBuffer() ?? Buffer.alloc(0) };
      await route.abort();
    });
    const form = page.getByTestId("status-form");
    await form.getByLabel("Reason").fill("Replayed request");
    await form.getByRole("button", { name: "Suspend…" }).click();
    await page.getByRole("button", { name: "Yes, suspend" }).click();
    await expect.poll(() => captured !== undefined).toBe(true);
    await page.unrouteAll({ behavior: "ignoreErrors" });
    const replay = (request: typeof page.request) => request.post(tenantUrl, { headers: { ...captured!.headers, origin: APP_URL }, data: captured!.body });

    for (const email of [`admin@${slug}.test`, "admin@acme.test"]) {
      const context = await browser.newContext();
      const intruder = await context.newPage();
      await signIn(intruder, email);
      await replay(intruder.request);
      await context.close();
    }
    await page.goto(tenantUrl);
    await expect(page.getByTestId("tenant-status").first()).toHaveText("Active");
    await expect(page.getByTestId("status-history")).not.toContainText("Replayed request");

    // The control: the same request from the operator does suspend, so what refused the others was the role check.
    expect((await replay(page.request)).status()).toBeLessThan(400);
    await page.reload();
    await expect(page.getByTestId("tenant-status").first()).toHaveText("Suspended");
    await form.getByLabel("Reason").fill("Control over");
    await form.getByRole("button", { name: "Reactivate…" }).click();
    await page.getByRole("button", { name: "Yes, reactivate" }).click();
    await expect(page.getByTestId("tenant-status").first()).toHaveText("Active");
  });
});
