import { z } from "zod";
import { parseMoney } from "@/lib/money";
import { REFUND_REASONS } from "@/lib/stripe/refunds";

// z.object strips unknown keys: an `amount` or `currency` in the body is ignored, never used.
export const createIntentBody = z.object({
  price_id: z.uuid("price_id: must be a price id."),
  save_card: z.boolean().optional().default(false),
});

export const confirmBody = z.object({
  payment_id: z.uuid("payment_id: must be a payment id."),
  payment_method_id: z.string().regex(/^pm_[A-Za-z0-9_]+$/, "payment_method_id: must be a saved card id (pm_…)."),
});

export const refundBody = z.object({
  amount: z.number().int("amount: whole minor units (cents).").positive("amount: must be greater than 0.").optional(),
  reason: z.enum(REFUND_REASONS).optional().default("requested_by_customer"),
  note: z.string().trim().max(500).optional(),
});

export const listQuery = z.object({
  status: z.enum(["succeeded", "failed", "pending", "refunded", "canceled"]).optional(),
  member: z.string().min(1).max(100).optional(),
  /** Search: member e-mail or name, an amount ("25" or "25.00"), or a payment / PaymentIntent id. */
  q: z.string().trim().max(100).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

/** The list filters as dates: `to` is inclusive of its whole day (UTC), so it becomes the next midnight. */
export function paymentListFilters(q: z.infer<typeof listQuery>) {
  const to = q.to ? new Date(`${q.to}T00:00:00Z`) : undefined;
  if (to) to.setUTCDate(to.getUTCDate() + 1);
  // An amount is searched in cents whatever the currency's decimals: "25" and "25.00" both find 2500.
  const search = q.q ? { text: q.q, amount: parseMoney(q.q, "usd") } : undefined;
  return { status: q.status, userId: q.member, from: q.from ? new Date(`${q.from}T00:00:00Z`) : undefined, to, search };
}
