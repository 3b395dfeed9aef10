"use server";

import { z } from "zod";
import type { ActionResult } from "@/lib/actions/action-result";
import { defineAction } from "@/lib/actions/define-action";
import { confirmMemberPayment } from "@/lib/payments/confirm-member-payment";
import { createMemberPayment } from "@/lib/payments/create-member-payment";
import { declineAdvice } from "@/lib/payments/decline-advice";

export type StartedPayment = { paymentId: string; clientSecret: string };
/** On a decline `data` still names the payment (its page shows the attempt), with `error` saying why. */
export type SavedCardPayment = { paymentId: string; status?: string; clientSecret?: string | null };

const common = { permission: "payments.pay", name: "checkout", failure: "Something went wrong on our side. Nothing was charged; try again." } as const;
const priceId = z.object({ priceId: z.uuid() });

/** Creates (or reuses) the pending payment; the browser then confirms it with Stripe.js. */
export const startPayment = defineAction(
  { ...common, schema: priceId.extend({ saveCard: z.boolean() }), invalid: "That price cannot be paid." },
  async (input, { db, actor }): Promise<ActionResult<StartedPayment>> => {
    const p = await createMemberPayment(db, actor, input);
    return { ok: true, data: { paymentId: p.paymentId, clientSecret: p.clientSecret } };
  },
);

/** Pays with a saved card on the server; 3-D Secure (requires_action) is finished by Stripe.js. */
export const payWithSavedCard = defineAction(
  { ...common, schema: priceId.extend({ paymentMethodId: z.string().regex(/^pm_\w+$/) }), invalid: "Choose one of your saved cards." },
  async ({ priceId, paymentMethodId }, { db, actor }): Promise<ActionResult<SavedCardPayment>> => {
    const p = await createMemberPayment(db, actor, { priceId, saveCard: false });
    const r = await confirmMemberPayment(db, actor, { paymentId: p.paymentId, paymentMethodId });
    if (r.decline) return { error: `${r.decline.message} ${declineAdvice(r.decline.code, r.decline.declineCode)}`, data: { paymentId: r.paymentId } };
    return { ok: true, data: { paymentId: r.paymentId, status: r.status, clientSecret: r.clientSecret } };
  },
);
