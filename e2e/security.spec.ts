import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, signIn } from "./support/auth";
import { SPEC_TENANTS } from "./support/spec-tenants";

/*
 * Issue 15's findings, tried against the production build the way the probe matrix tried them.
 * Budget: every wrong password here also counts against this machine's address (20 an hour), so
 * the whole suite keeps well below that.
 */
const slug = SPEC_TENANTS.security;

test.describe("security", () => {
  test("a sign-in lock holds while X-Forwarded-For rotates, in the form and on Auth.js's endpoint (429 + Retry-After)", async ({ page, request }) => {
    const email = `member@${slug}.test`;
    for (let i = 0; i < 5; i++) {
      await page.setExtraHTTPHeaders({ "x-forwarded-for": `198.51.100.${i + 1}` });
      await page.goto("/sign-in");
      await page.getByLabel("E-mail").fill(email);
      await page.getByLabel("Password").fill(`wrong-guess-${i}`);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("alert").filter({ hasText: "That e-mail and password do not match an account." })).toBeVisible();
    }
    // A sixth address with the RIGHT password: still locked, and the form says for how long.
    await page.setExtraHTTPHeaders({ "x-forwarded-for": "203.0.113.200" });
    await page.goto("/sign-in");
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Too many" })).toHaveText(/^Too many failed sign-in attempts\. Wait \d+ seconds?, then try again\.$/);
    await expect(page).toHaveURL(/\/sign-in/);

    const csrf = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const res = await request.post("/api/auth/callback/credentials", {
      form: { email, password: DEMO_PASSWORD, csrfToken: csrf.csrfToken },
      headers: { "x-forwarded-for": "192.0.2.55" },
      maxRedirects: 0,
    });
    expect(res.status()).toBe(429);
    expect(Number(res.headers()["retry-after"])).toBeGreaterThan(0);
    expect(await res.json()).toMatchObject({ error: { code: "rate_limited" } });
    expect(res.headers()["set-cookie"] ?? "").not.toContain("session-token");
  });

  test("a session cookie captured before sign-out is useless afterwards; the cookie is re-issued on use", async ({ browser, page }) => {
    await signIn(page, `admin@${slug}.test`);
    const captured = await page.context().cookies();
    const token = captured.find((c) => c.name.endsWith("authjs.session-token"));
    expect(token).toBeTruthy();

    // Rotation: using the session re-issues the token (a new JWE with a new expiry).
    const me = await page.request.get("/api/me");
    expect(me.status()).toBe(200);
    expect(me.headers()["cache-control"]).toBe("private, no-store");
    expect(me.headers()["set-cookie"] ?? "").toMatch(/authjs\.session-token=/);

    await page.getByLabel("Account menu").click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);

    const thief = await browser.newContext();
    await thief.addCookies(captured);
    const stolen = await thief.request.get("/api/me");
    expect(stolen.status()).toBe(401);
    const thiefPage = await thief.newPage();
    await thiefPage.goto(`/${slug}/admin`);
    await expect(thiefPage).toHaveURL(/\/sign-in/);
    await thief.close();
  });

  test("a server action without an Origin, or from a foreign one, is refused with 403 (not 500)", async ({ request }) => {
    const origins: Record<string, string>[] = [{}, { origin: "https://evil.test" }, { origin: "null" }];
    for (const headers of origins) {
      const res = await request.post("/sign-in", {
        headers: { "next-action": "0000000000000000000000000000000000000000", "content-type": "text/plain;charset=UTF-8", ...headers },
        data: "[]",
        maxRedirects: 0,
      });
      expect(res.status(), JSON.stringify(headers)).toBe(403);
      expect(await res.text()).toContain("Cross-site request refused");
    }
  });

  test("API writes must be JSON (415), and invalid API keys from one address are throttled (429 + Retry-After)", async ({ request }) => {
    const plain = await request.post(`/api/payments/create-intent?tenant=${slug}`, { headers: { "content-type": "text/plain" }, data: '{"price_id":"x"}' });
    expect(plain.status()).toBe(415);
    expect(await plain.json()).toMatchObject({ error: { code: "unsupported_media_type" } });

    const statuses: number[] = [];
    let retryAfter = "";
    for (let i = 0; i < 22; i++) {
      const res = await request.get(`/api/payments?tenant=${slug}`, { headers: { authorization: `Bearer mpk_guess_${i}`, "x-forwarded-for": `198.51.100.${i}` } });
      statuses.push(res.status());
      retryAfter = res.headers()["retry-after"] ?? retryAfter;
    }
    // 20 failures per address an hour (other specs may already have spent a few): some 401s, then
    // only 429s — never a 401 after the first 429.
    const firstLimited = statuses.indexOf(429);
    expect(firstLimited, statuses.join(",")).toBeGreaterThanOrEqual(0);
    expect(firstLimited).toBeLessThanOrEqual(20);
    expect(statuses.slice(0, firstLimited).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(firstLimited).every((s) => s === 429)).toBe(true);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});

test("a tampered session cookie is treated as signed out, and logged without a stack", async ({ browser }) => {
  const context = await browser.newContext();
  await context.addCookies([{ name: "authjs.session-token", value: "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..tampered.tampered.tampered", domain: "localhost", path: "/" }]);
  const res = await context.request.get("/api/me");
  expect(res.status()).toBe(401);
  const page = await context.newPage();
  await page.goto("/acme");
  await expect(page).toHaveURL(/\/sign-in/);
  await context.close();
});
