import { withTenant } from "@/lib/api/handler";
import { platformPortalSession } from "@/lib/platform-billing/portal-billing";

/** POST /api/platform/billing/portal — a Customer Portal URL on the platform account for the tenant's own billing (seed 003). Tenant admins only. */
export const POST = withTenant(async (ctx) => Response.json({ object: "billing_portal.session", url: (await platformPortalSession(ctx.db, ctx.actor)).url }, { status: 201 }), {
  permission: "platform_billing.manage",
});
