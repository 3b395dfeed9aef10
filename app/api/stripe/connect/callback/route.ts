import { getDb } from "@/db";
import { currentUser } from "@/lib/auth/session";
import { completeConnect } from "@/lib/stripe-connection/connect";

/**
 * Stripe's OAuth redirect after "Connect with Stripe" (GET ?code&state, or ?error&state). The work
 * and every check (state bound to this user, tenant and mode; single use; expiry; role) live in
 * lib/stripe-connection/connect.ts; the browser goes back to the settings page with a notice code.
 */
export async function GET(request: Request) {
  const url = new URL(request.url);
  const user = await currentUser();
  const outcome = await completeConnect(await getDb(), { userId: user?.id ?? null, requestId: request.headers.get("x-request-id") }, {
    state: url.searchParams.get("state"),
    code: url.searchParams.get("code"),
    error: url.searchParams.get("error"),
  });
  if (!outcome.tenant) {
    return new Response(`<!doctype html><meta charset="utf-8"><title>Stripe connection refused</title><p>${outcome.message}</p><p><a href="/">Back to MemberPulse</a></p>`, {
      status: 400,
      headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
    });
  }
  const back = `/${outcome.tenant.slug}/settings/integrations/stripe?mode=${outcome.tenant.mode}&connect=${outcome.code}`;
  return new Response(null, { status: 303, headers: { location: back, "cache-control": "no-store" } });
}
