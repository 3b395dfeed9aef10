"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { ApiError } from "@/lib/api/errors";
import { requireTenant } from "@/lib/auth/session";
import { logger } from "@/lib/log";
import { amountLimitMessage, MAX_STRIPE_AMOUNT, parseMoney } from "@/lib/money";
import { refundPayment } from "@/lib/payments/refund-payment";
import { REFUND_REASONS } from "@/lib/stripe/refunds";

export type RefundFormState = { ok?: string; error?: string; fieldErrors?: { amount?: string } };

const schema = z.object({
  slug: z.string().min(1),
  paymentId: z.uuid(),
  currency: z.string().length(3),
  amount: z.string().trim().max(20),
  reason: z.enum(REFUND_REASONS),
  note: z.string().trim().max(500),
  token: z.string().min(8).max(100),
});

/** Admin refund: blank amount = everything left. The form's one-time token makes a double submit refund once. */
export async function refundAction(_prev: RefundFormState, form: FormData): Promise<RefundFormState> {
  const parsed = schema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { error: "Check the refund details and try again." };
  const { slug, paymentId, currency, reason, note, token } = parsed.data;
  const { tenant, user, role } = await requireTenant(slug, "payments.refund");
  let amount: number | undefined;
  if (parsed.data.amount) {
    const minor = parseMoney(parsed.data.amount, currency);
    if (minor === null || minor <= 0) return { fieldErrors: { amount: "Enter an amount such as 12.50, or leave it blank to refund everything left." } };
    if (minor > MAX_STRIPE_AMOUNT) return { fieldErrors: { amount: amountLimitMessage(currency) } };
    amount = minor;
  }
  try {
    const r = await refundPayment(await getDb(), { tenantId: tenant.id, tenantSlug: tenant.slug, userId: user.id, role }, { paymentId, amount, reason, note: note || null, idempotencyKey: token });
    revalidatePath(`/${slug}/admin/payments/${paymentId}`);
    return { ok: `Refund requested. It shows as pending until Stripe confirms it.${r.remaining === 0 ? " Nothing is left to refund." : ""}` };
  } catch (error) {
    if (error instanceof ApiError) return error.field === "amount" ? { fieldErrors: { amount: error.message } } : { error: error.message };
    logger.error("refund.failed", { error });
    return { error: "Something went wrong on our side. No refund was made; try again." };
  }
}
