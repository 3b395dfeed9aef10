"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { ActionResult } from "@/lib/actions/action-result";
import { defineAction } from "@/lib/actions/define-action";
import { billingPath, changePlatformPlan, createPlatformCheckout, platformPortalSession } from "./portal-billing";

// "Billing for this portal": the tenant's admins only (platform_billing.manage), checked on the server.
const common = { permission: "platform_billing.manage", name: "platform_billing", failure: "Something went wrong on our side. Nothing was charged; try again." } as const;
const planId = z.object({ planId: z.uuid() });

/** The embedded Checkout's client secret for the chosen plan (fetchClientSecret of the Checkout box). */
export const createPlatformCheckoutAction = defineAction(
  { ...common, schema: planId, invalid: "That plan cannot be chosen." },
  async ({ planId }, { db, actor }): Promise<ActionResult<{ clientSecret: string }>> => {
    const session = await createPlatformCheckout(db, actor, { planId });
    return { ok: true, data: { clientSecret: session.clientSecret } };
  },
);

export const changePlatformPlanAction = defineAction(
  { ...common, schema: planId, invalid: "That plan cannot be chosen.", audit: { action: "platform_billing.plan_changed", target: (i) => i.planId } },
  async ({ planId }, { db, actor }) => {
    const { planName } = await changePlatformPlan(db, actor, { planId });
    revalidatePath(billingPath(actor.tenantSlug));
    return { ok: true, message: `Switching to ${planName}. Stripe confirms the change in a moment; any difference is invoiced now.` };
  },
);

/** Sends the admin to Stripe's Customer Portal on the platform account. */
export const openPlatformPortalAction = defineAction({ ...common, schema: z.object({}) }, async (_input, { db, actor }) => {
  const { url } = await platformPortalSession(db, actor);
  redirect(url);
});
