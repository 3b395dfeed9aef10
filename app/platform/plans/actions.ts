"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { ActionResult } from "@/lib/actions/action-result";
import { definePublicAction } from "@/lib/actions/define-action";
import { createPlatformPlan, editPlatformPlan, platformPlanSchema, setPlatformPlanActive, syncPlatformPlan, type PlanSyncResult } from "@/lib/platform-billing/plans";
import { requirePlatformAdmin } from "@/lib/platform/require-operator";

// Operator actions (no tenant): the body checks ROLE_PLATFORM_ADMIN on the server before anything else.
const labels = { name: "Name", amount: "Monthly amount", currency: "Currency", trialDays: "Trial days" };

function answer(sync: PlanSyncResult, done: string): ActionResult {
  revalidatePath("/platform/plans");
  return sync.ok ? { ok: true, message: done } : { error: sync.error };
}

export const createPlatformPlanAction = definePublicAction({ schema: platformPlanSchema, name: "platform.plan_create", labels }, async (input, { db }) => {
  const operator = await requirePlatformAdmin();
  const { sync } = await createPlatformPlan(db, { userId: operator.id }, input);
  return answer(sync, "Plan created and synced to the platform's Stripe account.");
});

const planId = z.object({ planId: z.uuid("No such plan.") });

export const editPlatformPlanAction = definePublicAction(
  { schema: z.intersection(planId, platformPlanSchema), name: "platform.plan_edit", labels },
  async ({ planId, ...input }, { db }) => {
    const operator = await requirePlatformAdmin();
    return answer(await editPlatformPlan(db, { userId: operator.id }, { planId }, input), "Saved and synced. A new amount is a new Stripe price; current subscribers keep theirs until they change plan.");
  },
);

export const setPlatformPlanActiveAction = definePublicAction(
  { schema: planId.extend({ active: z.boolean() }), name: "platform.plan_active", invalid: "That plan no longer exists." },
  async ({ planId, active }, { db }) => {
    const operator = await requirePlatformAdmin();
    return answer(await setPlatformPlanActive(db, { userId: operator.id }, { planId, active }), active ? "Offered again." : "Retired: no longer offered; current subscribers keep it.");
  },
);

export const syncPlatformPlanAction = definePublicAction({ schema: planId, name: "platform.plan_sync", invalid: "That plan no longer exists." }, async ({ planId }, { db }) => {
  await requirePlatformAdmin();
  return answer(await syncPlatformPlan(db, { planId }), "Synced.");
});
