import { z } from "zod";
import { readJson, withTenant } from "@/lib/api/handler";
import { createPlatformCheckout } from "@/lib/platform-billing/portal-billing";

const body = z.object({ plan_id: z.uuid("plan_id: must be a plan id.") });

/** POST /api/platform/billing/checkout {plan_id} — seed 003's checkout for the tenant (X-Tenant) + plan, on the platform account. Tenant admins only. */
export const POST = withTenant(
  async (ctx) => {
    const input = await readJson(ctx.request, body);
    const s = await createPlatformCheckout(ctx.db, ctx.actor, { planId: input.plan_id });
    return Response.json({ id: s.id, object: "checkout.session", client_secret: s.clientSecret, publishable_key: s.publishableKey }, { status: 201 });
  },
  { permission: "platform_billing.manage" },
);
