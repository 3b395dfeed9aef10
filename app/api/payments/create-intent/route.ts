import { withTenant, readJson } from "@/lib/api/handler";
import { createIntentBody } from "@/lib/payments/api-schemas";
import { createMemberPayment } from "@/lib/payments/create-member-payment";

/** POST /api/payments/create-intent {price_id, save_card?} — the amount always comes from the catalog. */
export const POST = withTenant(
  async (ctx) => {
    const body = await readJson(ctx.request, createIntentBody);
    const p = await createMemberPayment(ctx.db, ctx.actor, { priceId: body.price_id, saveCard: body.save_card });
    return Response.json(
      {
        payment_id: p.paymentId,
        client_secret: p.clientSecret,
        publishable_key: p.publishableKey,
        stripe_account: p.stripeAccount ?? null,
        stripe_payment_intent_id: p.stripePaymentIntentId,
        amount: p.amount,
        currency: p.currency,
        status: p.status,
        livemode: p.mode === "live",
      },
      { status: 201 },
    );
  },
  { permission: "payments.pay" },
);
