"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { ActionResult } from "@/lib/actions/action-result";
import { defineAction } from "@/lib/actions/define-action";
import { CODE } from "./coupon-input";
import { previewPlanPromotion } from "./preview-promotion";
import { redeemCreditCode } from "./redeem-credit-code";

/** The server's figures for a code on a plan: price before the discount, discount, tax (null: none), first charge. */
export type PromotionPreview = { code: string; label: string; subtotal: number; discount: number; tax: number | null; total: number; currency: string };

/** Checks a promotion code against a plan and answers the discount to show; nothing is created or redeemed. */
export const previewPlanPromotionAction = defineAction(
  { permission: "subscriptions.subscribe", name: "promotion.preview", schema: z.object({ priceId: z.uuid(), code: CODE }), invalid: "Enter a promotion code (letters, digits and dashes)." },
  async ({ priceId, code }, { db, actor }): Promise<ActionResult<PromotionPreview>> => {
    const p = await previewPlanPromotion(db, actor, { priceId, code });
    const total = p.total + (p.tax ?? 0);
    return { ok: true, data: { code: p.code, label: p.label, subtotal: p.total + p.discount, discount: p.discount, tax: p.tax, total, currency: p.currency } };
  },
);

/** The Credits page's "Redeem a code": a credit coupon's code adds its credits once. */
export const redeemCreditCodeAction = defineAction(
  { permission: "credits.view", name: "promotion.redeem_credits", schema: z.object({ code: CODE }), labels: { code: "Code" }, form: (f) => ({ code: f.get("code") ?? "" }) },
  async ({ code }, { db, actor }) => {
    const r = await redeemCreditCode(db, actor, code);
    revalidatePath(`/${actor.tenantSlug}/billing/credits`);
    return { ok: true, message: `Code ${r.code} redeemed: ${r.credits.toLocaleString("en-US")} credits added. Your balance is ${r.balance.toLocaleString("en-US")} credits.` };
  },
);
