import NextAuth from "next-auth";
import { NextResponse, type NextRequest } from "next/server";
import { originAllowed } from "@/lib/api/origin";
import { authConfig } from "@/lib/auth/auth.config";
import { authLogger } from "@/lib/auth/auth-logger";
import { contentSecurityPolicy } from "@/lib/csp";
import { env } from "@/lib/env";

// The database-free half of Auth.js: reading the session here re-issues its cookie (a fresh JWE
// with a new expiry), which makes the token's lifetime an idle timeout (lib/auth/auth.config.ts).
// Its logger is the app's: a tampered or stale cookie is one info line, not an error with a stack.
const { auth: withSession } = NextAuth({ ...authConfig, secret: env().AUTH_SECRET, logger: authLogger });

/**
 * Runs before every page, server action and API call (webhooks, health and static files are
 * outside the matcher):
 * - refuses a server action (any POST to a page) whose Origin is missing or foreign with 403 — the
 *   one CSRF gate for every action, before Next's own check (which answers 500);
 * - slides the session cookie (idle timeout, rotation);
 * - a request id for the logs, the pathname for sign-in redirects, a nonce-based CSP.
 * No database here: pages and handlers check access and the session version themselves.
 */
export const proxy = withSession((request: NextRequest) => {
  if (request.method === "POST" && !request.nextUrl.pathname.startsWith("/api/") && !originAllowed(request)) {
    return new NextResponse("Cross-site request refused: this form must be sent from the portal's own pages.", {
      status: 403,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    });
  }
  const nonce = btoa(crypto.randomUUID());
  const requestId = request.headers.get("x-request-id") ?? crypto.randomUUID();
  const csp = contentSecurityPolicy({
    nonce,
    dev: process.env.NODE_ENV !== "production",
    stripeJsUrl: process.env.STRIPE_JS_URL || undefined,
    stripeApiBase: process.env.STRIPE_JS_URL ? process.env.STRIPE_API_BASE || undefined : undefined,
  });
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("x-request-id", requestId);
  headers.set("x-pathname", request.nextUrl.pathname + request.nextUrl.search);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  response.headers.set("x-request-id", requestId);
  return response;
});

export const config = {
  matcher: [
    {
      source: "/((?!api/webhooks|api/health|_next/static|_next/image|favicon.ico|robots.txt).*)",
      missing: [{ type: "header", key: "next-router-prefetch" }],
    },
  ],
};
