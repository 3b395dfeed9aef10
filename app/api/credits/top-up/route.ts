import { z } from "zod";
import { readJson, withTenant } from "@/lib/api/handler";
import { createTopUpPayment } from "@/lib/credits/top-up";

const body = z.object({ amount: z.number().int("must be a whole number of cents"), currency: z.string().trim().min(3).max(3).optional() });

/**
 * POST /api/credits/top-up?tenant=acme {amount, currency?} — seed 002's checkout with an amount, in
 * minor units, within the tenant's top-up bounds (422 outside them, 409 when top-ups are off).
 * 201 with the PaymentIntent's client secret; its success grants credits = amount.
 */
export const POST = withTenant(
  async ({ db, actor, request }) => {
    const input = await readJson(request, body, 4 * 1024);
    const p = await createTopUpPayment(db, actor, { amountMinor: input.amount, currency: input.currency });
    return Response.json({ object: "credit_top_up", payment_id: p.paymentId, client_secret: p.clientSecret, amount: p.amount, currency: p.currency, credits: p.credits }, { status: 201 });
  },
  { permission: "payments.pay" },
);
