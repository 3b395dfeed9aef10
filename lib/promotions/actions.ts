"use server";

import { z } from "zod";
import type { ActionResult } from "@/lib/actions/action-result";
import { defineAction } from "@/lib/actions/define-action";
import { CODE } from "./coupon-input";
import { previewPlanPromotion } from "./preview-promotion";

export type PromotionPreview = { code: string; label: string; discount: number; total: number; currency: string };

/** Checks a promotion code against a plan and answers the discount to show; nothing is created or redeemed. */
export const previewPlanPromotionAction = defineAction(
  { permission: "subscriptions.subscribe", name: "promotion.preview", schema: z.object({ priceId: z.uuid(), code: CODE }), invalid: "Enter a promotion code (letters, digits and dashes)." },
  async ({ priceId, code }, { db, actor }): Promise<ActionResult<PromotionPreview>> => {
    const p = await previewPlanPromotion(db, actor, { priceId, code });
    return { ok: true, data: { code: p.code, label: p.label, discount: p.discount, total: p.total, currency: p.currency } };
  },
);
