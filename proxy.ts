import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy } from "@/lib/csp";

/**
 * Runs before every page: a request id for the logs, the pathname for sign-in redirects, and a
 * nonce-based Content-Security-Policy. No database and no session lookup here — pages and
 * handlers check access themselves; webhooks and static files are outside the matcher.
 */
export function proxy(request: NextRequest) {
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
}

export const config = {
  matcher: [
    {
      source: "/((?!api/webhooks|api/health|_next/static|_next/image|favicon.ico|robots.txt).*)",
      missing: [{ type: "header", key: "next-router-prefetch" }],
    },
  ],
};
