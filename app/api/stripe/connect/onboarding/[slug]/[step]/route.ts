import { getDb } from "@/db";
import { currentUser } from "@/lib/auth/session";
import { completeOnboardingStep } from "@/lib/stripe-connection/connect-onboarding";

/**
 * Stripe's return_url and refresh_url of a Connect Onboarding account link (GET ?state). The work
 * and every check (state of this step, for this tenant, started by this user, single use, expiry,
 * role; the account's status read from Stripe, never assumed) live in
 * lib/stripe-connection/connect-onboarding.ts.
 */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string; step: string }> }) {
  const { slug, step } = await params;
  if (step !== "return" && step !== "refresh") return new Response("Not found", { status: 404 });
  const user = await currentUser();
  const outcome = await completeOnboardingStep(await getDb(), { userId: user?.id ?? null, requestId: request.headers.get("x-request-id") }, { slug, step, state: new URL(request.url).searchParams.get("state") });
  if (outcome.kind === "redirect_to_stripe") return new Response(null, { status: 303, headers: { location: outcome.url, "cache-control": "no-store" } });
  if (outcome.kind === "back_to_settings") {
    const back = `/${encodeURIComponent(outcome.slug)}/settings/integrations/stripe?mode=${outcome.mode}&connect=${outcome.notice}`;
    return new Response(null, { status: 303, headers: { location: back, "cache-control": "no-store" } });
  }
  // Refused (expired, used, someone else's): the settings page says so and offers "Continue setup";
  // it checks the role itself, so a stranger learns nothing there.
  return new Response(null, { status: 303, headers: { location: `/${encodeURIComponent(slug)}/settings/integrations/stripe?connect=onboarding_refused`, "cache-control": "no-store" } });
}
