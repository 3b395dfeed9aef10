import { z } from "zod";
import { readJson, withTenant } from "@/lib/api/handler";
import { createMemberCheckout } from "@/lib/subscriptions/checkout";

const body = z.object({ price_id: z.uuid("price_id: must be a price id.") });

/** POST /api/checkout-sessions {price_id} — an embedded Checkout Session (ui_mode embedded_page) for one price. */
export const POST = withTenant(
  async (ctx) => {
    const input = await readJson(ctx.request, body);
    const s = await createMemberCheckout(ctx.db, ctx.actor, { priceId: input.price_id });
    return Response.json({ id: s.id, object: "checkout.session", status: s.status, mode: s.mode, client_secret: s.clientSecret, publishable_key: s.publishableKey, stripe_account: s.stripeAccount, amount_total: s.amountTotal, currency: s.currency }, { status: 201 });
  },
  { permission: "payments.pay" },
);
