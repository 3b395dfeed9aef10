import { z } from "zod";

const KEY = z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/, "idempotency_key: use 1–100 letters, digits and . _ : - only.");

export const createSubscriptionBody = z.object({
  price_id: z.uuid("price_id: must be a plan price id."),
  idempotency_key: KEY.optional(),
});

export const updateSubscriptionBody = z
  .object({
    price_id: z.uuid("price_id: must be a plan price id.").optional(),
    proration_date: z.number().int().positive().optional(),
    cancel_at_period_end: z.boolean().optional(),
  })
  .refine((b) => b.price_id !== undefined || b.cancel_at_period_end !== undefined, { message: "Send price_id and/or cancel_at_period_end." });

export const previewBody = z.object({ price_id: z.uuid("price_id: must be a plan price id.") });

export const SUBSCRIPTION_ID = z.string().regex(/^sub_[A-Za-z0-9]+$/, "Not a subscription id.");
export const INVOICE_ID = z.string().regex(/^in_[A-Za-z0-9]+$/, "Not an invoice id.");

export const listQuery = z.object({
  member: z.string().min(1).max(100).optional(),
  status: z.string().regex(/^[a-z_]{1,30}$/).optional(),
});
