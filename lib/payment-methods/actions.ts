"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { removeCard, setDefaultCard, startCardSetup } from "@/lib/payment-methods/manage-payment-methods";

const common = { permission: "payments.pay", failure: "Something went wrong on our side. Try again in a moment." } as const;
const card = z.object({ paymentMethodId: z.string().regex(/^pm_\w+$/) });

/** A SetupIntent for the Payment Element; the browser confirms it with Stripe.js. */
export const startAddCard = defineAction({ ...common, name: "payment_methods.setup", schema: z.object({}), invalid: "Unknown portal." }, async (_input, { db, actor }) => ({
  ok: true,
  data: await startCardSetup(db, actor),
}));

export const makeDefaultCard = defineAction({ ...common, name: "payment_methods.default", schema: card, invalid: "No such saved card." }, async ({ paymentMethodId }, { db, actor }) => {
  await setDefaultCard(db, actor, paymentMethodId);
  revalidatePath(`/${actor.tenantSlug}/billing/payment-methods`);
  return { ok: true, message: "Default card updated." };
});

export const removeSavedCard = defineAction({ ...common, name: "payment_methods.remove", schema: card, invalid: "No such saved card." }, async ({ paymentMethodId }, { db, actor }) => {
  await removeCard(db, actor, paymentMethodId);
  return { ok: true, message: "Card removed. It will disappear from this list in a moment." };
});
