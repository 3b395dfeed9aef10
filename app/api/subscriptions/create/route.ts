import { readJson, withTenant } from "@/lib/api/handler";
import { createSubscriptionBody } from "@/lib/subscriptions/api-schemas";
import { createMemberSubscription } from "@/lib/subscriptions/create-member-subscription";

/**
 * POST /api/subscriptions/create {price_id, idempotency_key?} — starts a subscription to a plan's
 * recurring price for the caller. 201 with the Payment Element secret; 200 with the same
 * subscription when an unpaid one already exists (double click); 409 when the member already has it.
 */
export const POST = withTenant(
  async (ctx) => {
    const body = await readJson(ctx.request, createSubscriptionBody);
    const key = body.idempotency_key ?? ctx.request.headers.get("idempotency-key") ?? undefined;
    const sub = await createMemberSubscription(ctx.db, ctx.actor, { priceId: body.price_id, ...(key ? { idempotencyKey: key } : {}) });
    return Response.json(
      {
        id: sub.id,
        object: "subscription",
        status: sub.status,
        client_secret: sub.clientSecret,
        secret_type: sub.secretType,
        publishable_key: sub.publishableKey,
        stripe_account: sub.stripeAccount ?? null,
        latest_invoice: sub.latestInvoiceId,
        current_period_end: sub.currentPeriodEnd ? new Date(sub.currentPeriodEnd * 1000).toISOString() : null,
        livemode: sub.mode === "live",
        reused: sub.reused,
      },
      { status: sub.reused ? 200 : 201 },
    );
  },
  { permission: "subscriptions.subscribe" },
);
