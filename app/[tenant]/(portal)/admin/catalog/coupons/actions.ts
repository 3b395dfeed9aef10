"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { ActionResult } from "@/lib/actions/action-result";
import { defineAction } from "@/lib/actions/define-action";
import { couponSchema, promotionCodeSchema } from "@/lib/promotions/coupon-input";
import { addPromotionCode, createCoupon, setCodeActive, type PromotionSync } from "@/lib/promotions/manage-coupons";

const LABELS = { name: "Name", kind: "Gives", value: "Value", currency: "Currency", duration: "Duration", durationInMonths: "Months", maxRedemptions: "Max redemptions", redeemBy: "Redeem by", code: "Code", expiresAt: "Expires" };
const common = { permission: "catalog.manage", labels: LABELS, name: "coupons.action" } as const;

const refresh = (slug: string) => revalidatePath(`/${slug}/admin/catalog/coupons`);

function syncMessage(code: string, sync: PromotionSync): ActionResult {
  if (sync === "synced") return { ok: true, message: `Code ${code.toUpperCase()} created and synced to Stripe.` };
  if (sync === "portal_only") return { ok: true, message: `Code ${code.toUpperCase()} created. Members redeem it on their Credits page.` };
  if (sync === "not_configured") return { ok: true, message: `Code ${code.toUpperCase()} created. It syncs to Stripe at its first use once Stripe is connected.` };
  return { ok: true, error: `Code ${code.toUpperCase()} created, but Stripe refused it: ${sync.error}` };
}

export const createCouponAction = defineAction(
  {
    ...common,
    schema: couponSchema,
    form: (f) => ({
      name: f.get("name") ?? "",
      kind: f.get("kind"),
      value: f.get("value") ?? "",
      currency: f.get("currency") ?? "usd",
      duration: f.get("duration") ?? "once",
      durationInMonths: f.get("durationInMonths") ?? "",
      maxRedemptions: f.get("maxRedemptions") ?? "",
      redeemBy: f.get("redeemBy") ?? "",
    }),
  },
  async (input, { db, actor }) => {
    refresh(actor.tenantSlug);
    const coupon = await createCoupon(db, actor, input);
    return { ok: true, message: `Created “${coupon.name}”. Add a code members can type.` };
  },
);

export const addCodeAction = defineAction(
  {
    ...common,
    schema: promotionCodeSchema.extend({ couponId: z.uuid() }),
    form: (f) => ({ code: f.get("code") ?? "", maxRedemptions: f.get("maxRedemptions") ?? "", expiresAt: f.get("expiresAt") ?? "" }),
  },
  async ({ couponId, ...input }, { db, actor }) => {
    refresh(actor.tenantSlug);
    const { code, sync } = await addPromotionCode(db, actor, couponId, input);
    return syncMessage(code, sync);
  },
);

export const setCodeActiveAction = defineAction({ ...common, schema: z.object({ codeId: z.uuid(), active: z.boolean() }) }, async ({ codeId, active }, { db, actor }) => {
  refresh(actor.tenantSlug);
  const row = await setCodeActive(db, actor, codeId, active);
  return { ok: true, message: active ? `${row.code.toUpperCase()} can be redeemed again.` : `${row.code.toUpperCase()} is deactivated: it is refused from now on.` };
});
