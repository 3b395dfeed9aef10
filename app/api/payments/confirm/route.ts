import { withTenant, readJson } from "@/lib/api/handler";
import { confirmBody } from "@/lib/payments/api-schemas";
import { confirmMemberPayment } from "@/lib/payments/confirm-member-payment";

/**
 * POST /api/payments/confirm {payment_id, payment_method_id} — server-side confirmation with a
 * saved card. 402 with Stripe's message on a decline; `requires_action` returns the client secret
 * for Stripe.js to run 3-D Secure.
 */
export const POST = withTenant(
  async (ctx) => {
    const body = await readJson(ctx.request, confirmBody);
    const r = await confirmMemberPayment(ctx.db, ctx.actor, { paymentId: body.payment_id, paymentMethodId: body.payment_method_id });
    if (r.decline) {
      return Response.json(
        { error: { code: "card_declined", message: r.decline.message, decline_code: r.decline.declineCode, request_id: ctx.requestId }, payment_id: r.paymentId, status: r.status },
        { status: 402 },
      );
    }
    return Response.json({ payment_id: r.paymentId, status: r.status, client_secret: r.clientSecret });
  },
  { permission: "payments.pay" },
);
