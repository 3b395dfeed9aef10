import { withTenant } from "@/lib/api/handler";
import { memberPortalSession } from "@/lib/subscriptions/billing-portal";

/** POST /api/billing-portal — a Stripe customer-portal URL for the caller's own billing account. */
export const POST = withTenant(async (ctx) => Response.json({ object: "billing_portal.session", url: (await memberPortalSession(ctx.db, ctx.actor)).url }, { status: 201 }), {
  permission: "subscriptions.subscribe",
});
