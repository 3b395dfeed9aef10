import { withTenant, readJson } from "@/lib/api/handler";
import { refundBody } from "@/lib/payments/api-schemas";
import { refundPayment } from "@/lib/payments/refund-payment";

/**
 * POST /api/payments/{id}/refund {amount?, reason?, note?} — admins only; no amount = all that is
 * left. An `Idempotency-Key` header makes a retried request refund once.
 */
export const POST = withTenant(
  async (ctx) => {
    const body = await readJson(ctx.request, refundBody);
    const idempotencyKey = ctx.request.headers.get("idempotency-key")?.slice(0, 100) || undefined;
    const r = await refundPayment(ctx.db, ctx.actor, { paymentId: ctx.params.id ?? "", amount: body.amount, reason: body.reason, note: body.note ?? null, idempotencyKey });
    return Response.json(
      { id: r.id, object: "refund", stripe_refund_id: r.stripeRefundId, amount: r.amount, currency: r.currency, status: r.status, remaining: r.remaining },
      { status: 201 },
    );
  },
  { permission: "payments.refund" },
);
