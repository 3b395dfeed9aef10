import { describe, expect, it } from "vitest";
import { z } from "zod";
import { originAllowed } from "@/lib/api/origin";
import { DomainError } from "@/lib/errors/domain-error";
import { errorResponse, fromZodError } from "@/lib/api/errors";
import { safeCallbackPath } from "@/lib/auth/safe-redirect";
import { contentSecurityPolicy } from "@/lib/csp";

describe("safeCallbackPath", () => {
  it.each([
    ["/acme/admin", "/acme/admin"],
    ["//evil.test/x", "/"],
    ["https://evil.test", "/"],
    ["/\\evil.test", "/"],
    [undefined, "/"],
  ])("%s → %s", (input, expected) => expect(safeCallbackPath(input)).toBe(expected));
});

describe("originAllowed", () => {
  const req = (method: string, headers: Record<string, string>) => new Request("http://localhost:3000/api/x", { method, headers });
  it("lets reads through without an Origin", () => expect(originAllowed(req("GET", {}))).toBe(true));
  it("accepts a write from the app's own origin", () => expect(originAllowed(req("POST", { origin: "http://localhost:3000", host: "localhost:3000" }))).toBe(true));
  it("does not believe X-Forwarded-Host unless a proxy is trusted (TRUSTED_PROXY_HOPS)", () => {
    expect(originAllowed(req("POST", { origin: "https://evil.test", host: "localhost:3000", "x-forwarded-host": "evil.test", "x-forwarded-proto": "https" }))).toBe(false);
  });
  it("refuses a cross-site write and a write with no Origin", () => {
    expect(originAllowed(req("POST", { origin: "https://evil.test", host: "localhost:3000" }))).toBe(false);
    expect(originAllowed(req("DELETE", { host: "localhost:3000" }))).toBe(false);
  });
});

describe("API error shape", () => {
  it("maps zod failures to 422 naming the field", async () => {
    const parsed = z.object({ amount: z.number().int() }).safeParse({ amount: "x" });
    const error = fromZodError(parsed.error!);
    const res = errorResponse(error, "req_1");
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: { code: "validation_failed", message: expect.stringMatching(/^amount: /), field: "amount", request_id: "req_1" } });
  });

  it("gives each code its status", () => {
    expect(new DomainError("stripe_not_configured", "x").status).toBe(409);
    expect(new DomainError("payload_too_large", "x").status).toBe(413);
    expect(new DomainError("stripe_error", "x").status).toBe(502);
  });
});

describe("contentSecurityPolicy", () => {
  it("allows Stripe.js and nothing else third-party by default", () => {
    const csp = contentSecurityPolicy({ nonce: "abc", dev: false });
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic' https://js.stripe.com;");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toContain("127.0.0.1");
  });

  it("adds the test Stripe.js origin only when it is configured", () => {
    const csp = contentSecurityPolicy({ nonce: "abc", dev: false, stripeJsUrl: "http://127.0.0.1:12111/stripe.js" });
    expect(csp).toMatch(/script-src [^;]*http:\/\/127\.0\.0\.1:12111/);
    expect(csp).toMatch(/connect-src [^;]*http:\/\/127\.0\.0\.1:12111/);
  });
});
