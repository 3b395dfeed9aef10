import { expect, test } from "@playwright/test";
import { signIn } from "./support/auth";

test.describe("sign-in and tenant access", () => {
  test("an admin signs in, lands on the admin overview and sees admin navigation", async ({ page }) => {
    await signIn(page, "admin@acme.test");
    await expect(page).toHaveURL(/\/acme\/admin$/);
    await expect(page.getByRole("heading", { name: "Admin overview" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Portal", exact: true }).getByRole("link", { name: "Audit log" })).toBeVisible();
  });

  test("a member signs in to the member home without admin navigation, and gets 403 on the admin home", async ({ page }) => {
    await signIn(page, "member@acme.test");
    await expect(page).toHaveURL(/\/acme$/);
    await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
    await expect(page.getByRole("link", { name: "Audit log" })).toHaveCount(0);
    const response = await page.goto("/acme/admin");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "Admins only" })).toBeVisible();
  });

  test("a member of acme gets 404 on globex, the same as an unknown tenant", async ({ page }) => {
    await signIn(page, "member@acme.test");
    expect((await page.goto("/globex"))?.status()).toBe(404);
    expect((await page.goto("/globex/admin"))?.status()).toBe(404);
    expect((await page.goto("/no-such-tenant"))?.status()).toBe(404);
  });

  test("a wrong password shows an error and keeps the e-mail", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByLabel("E-mail").fill("member@globex.test");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "That e-mail and password do not match an account." })).toBeVisible();
    await expect(page.getByLabel("E-mail")).toHaveValue("member@globex.test");
    await expect(page.getByLabel("Password")).toHaveValue("");
  });

  test("an anonymous visitor is sent to sign-in and comes back afterwards", async ({ page }) => {
    await page.goto("/acme/admin/audit");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Facme%2Fadmin%2Faudit/);
    await page.getByLabel("E-mail").fill("admin@acme.test");
    await page.getByLabel("Password").fill("memberpulse");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/acme\/admin\/audit$/);
  });

  test("sign-out ends the session", async ({ page }) => {
    await signIn(page, "admin@globex.test");
    await page.getByLabel("Account menu").click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto("/globex/admin");
    await expect(page).toHaveURL(/\/sign-in/);
  });
});

test.describe("API and headers", () => {
  test("the health endpoint reports the database", async ({ request }) => {
    const res = await request.get("/api/health");
    expect(res.status()).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", database: { reachable: true, kind: "postgres" } });
  });

  test("pages carry a nonce-based CSP that forbids framing", async ({ request }) => {
    const res = await request.get("/sign-in");
    const csp = res.headers()["content-security-policy"] ?? "";
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers()["x-content-type-options"]).toBe("nosniff");
    expect(res.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  });
});

test.describe("JSON API access rules", () => {
  test("an anonymous call gets 401 in the one error shape", async ({ request }) => {
    const res = await request.get("/api/audit-log?tenant=acme");
    expect(res.status()).toBe(401);
    expect(await res.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String), request_id: expect.any(String) } });
    expect((await request.get("/api/me")).status()).toBe(401);
  });

  test("a member gets 403 on an admin endpoint and 404 on another tenant; an admin gets the data", async ({ page }) => {
    await signIn(page, "member@acme.test");
    const me = await page.request.get("/api/me");
    expect(await me.json()).toMatchObject({ user: { email: "member@acme.test" }, memberships: [{ role: "ROLE_MEMBER", tenant: { slug: "acme" } }] });
    const forbidden = await page.request.get("/api/audit-log?tenant=acme");
    expect(forbidden.status()).toBe(403);
    expect((await forbidden.json()).error.code).toBe("forbidden");
    expect((await page.request.get("/api/audit-log?tenant=globex")).status()).toBe(404);

    // Leave the portal page first, so that no request of it brings the re-issued cookie back.
    await page.goto("about:blank");
    await page.context().clearCookies();
    await signIn(page, "admin@acme.test");
    const ok = await page.request.get("/api/audit-log", { headers: { "X-Tenant": "acme" } });
    expect(ok.status()).toBe(200);
    expect(await ok.json()).toHaveProperty("data");
    expect((await page.request.get("/api/audit-log?tenant=acme&before=yesterday")).status()).toBe(422);
  });
});

test.describe("keyboard and labels", () => {
  test("the first Tab reaches a skip link that moves focus to the page's content", async ({ page }) => {
    await signIn(page, "admin@acme.test");
    await page.goto("/acme/admin"); // a fresh document: focus starts at the top
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press("Enter");
    await expect(page.locator("main#main")).toBeFocused();
  });

  test("no two elements share an id on any admin page (a label must point at its own field)", async ({ page }) => {
    await signIn(page, "admin@acme.test");
    const paths = ["/acme/admin", "/acme/admin/members", "/acme/admin/catalog", "/acme/admin/invoices/new", "/acme/settings/integrations/stripe", "/acme/settings/api-keys", "/acme/billing/credits"];
    await page.goto("/acme/admin/members");
    const memberHref = await page.getByRole("link", { name: /member@acme\.test/ }).first().getAttribute("href");
    for (const path of [...paths, memberHref!]) {
      await page.goto(path);
      const duplicates = await page.evaluate(() => {
        const seen = new Map<string, number>();
        for (const el of document.querySelectorAll("[id]")) seen.set(el.id, (seen.get(el.id) ?? 0) + 1);
        return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
      });
      expect(duplicates, path).toEqual([]);
    }
  });
});

test("pages declare an icon that loads (no favicon 404 on first load)", async ({ page, request }) => {
  await page.goto("/sign-in");
  const href = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(href).toBeTruthy();
  const icon = await request.get(href!);
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
});
