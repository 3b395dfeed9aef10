"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { DomainError } from "@/lib/errors/domain-error";
import { amountLimitMessage, MAX_STRIPE_AMOUNT, parseMoney } from "@/lib/money";
import { refundPayment } from "@/lib/payments/refund-payment";
import { REFUND_REASONS } from "@/lib/stripe/refunds";

const schema = z.object({
  paymentId: z.uuid(),
  currency: z.string().length(3),
  amount: z.string().trim().max(20),
  reason: z.enum(REFUND_REASONS),
  note: z.string().trim().max(500),
  token: z.string().min(8).max(100),
});

/** Blank = everything left; otherwise an amount in the payment's currency, within Stripe's limit. */
function refundAmount(typed: string, currency: string): number | undefined {
  if (!typed) return undefined;
  const minor = parseMoney(typed, currency);
  if (minor === null || minor <= 0) throw new DomainError("validation_failed", "Enter an amount such as 12.50, or leave it blank to refund everything left.", "amount");
  if (minor > MAX_STRIPE_AMOUNT) throw new DomainError("validation_failed", amountLimitMessage(currency), "amount");
  return minor;
}

/** Admin refund. The form's one-time token makes a double submit refund once. */
export const refundAction = defineAction(
  {
    permission: "payments.refund",
    name: "refund",
    schema,
    invalid: "Check the refund details and try again.",
    failure: "Something went wrong on our side. No refund was made; try again.",
  },
  async ({ paymentId, currency, reason, note, token, amount: typed }, { db, actor }) => {
    const amount = refundAmount(typed, currency);
    const r = await refundPayment(db, actor, { paymentId, amount, reason, note: note || null, idempotencyKey: token });
    revalidatePath(`/${actor.tenantSlug}/admin/payments/${paymentId}`);
    return { ok: true, message: `Refund requested. It shows as pending until Stripe confirms it.${r.remaining === 0 ? " Nothing is left to refund." : ""}` };
  },
);
