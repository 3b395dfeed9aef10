import { DomainError } from "@/lib/errors/domain-error";
import { readJson, withTenant } from "@/lib/api/handler";
import type { PortalSubscription } from "@/lib/stripe/subscriptions";
import { SUBSCRIPTION_ID, updateSubscriptionBody } from "@/lib/subscriptions/api-schemas";
import { cancelMemberSubscriptionNow, loadSubscriptionFor, updateMemberSubscription } from "@/lib/subscriptions/manage-subscription";
import { subscriptionJson } from "@/lib/subscriptions/views";

function idParam(params: Record<string, string>): string {
  const parsed = SUBSCRIPTION_ID.safeParse(params.id);
  if (!parsed.success) throw new DomainError("not_found", "No such subscription.");
  return parsed.data;
}

/** What Stripe answered right now; the portal's `status` follows once the webhook arrives. */
const stripeView = (s: PortalSubscription) => ({
  id: s.id,
  object: "subscription",
  stripe_status: s.status,
  cancel_at_period_end: s.cancelAtPeriodEnd,
  current_period_end: s.currentPeriodEnd ? new Date(s.currentPeriodEnd * 1000).toISOString() : null,
  latest_invoice: s.latestInvoiceId,
});

export const GET = withTenant(async (ctx) => Response.json(subscriptionJson(await loadSubscriptionFor(ctx.db, ctx.actor, idParam(ctx.params)))), {
  permission: "subscriptions.subscribe",
});

/** PUT /api/subscriptions/{id} {price_id?, proration_date?, cancel_at_period_end?} — plan change (prorated, invoiced now) and/or cancel at period end / resume. */
export const PUT = withTenant(
  async (ctx) => {
    const id = idParam(ctx.params);
    const body = await readJson(ctx.request, updateSubscriptionBody);
    const result = await updateMemberSubscription(ctx.db, ctx.actor, id, {
      ...(body.price_id ? { priceId: body.price_id } : {}),
      ...(body.proration_date ? { prorationDate: body.proration_date } : {}),
      ...(body.cancel_at_period_end !== undefined ? { cancelAtPeriodEnd: body.cancel_at_period_end } : {}),
    });
    return Response.json(stripeView(result));
  },
  { permission: "subscriptions.subscribe" },
);

/** DELETE /api/subscriptions/{id} — cancels immediately (admins only; members cancel at period end via PUT). */
export const DELETE = withTenant(async (ctx) => Response.json(stripeView(await cancelMemberSubscriptionNow(ctx.db, ctx.actor, idParam(ctx.params)))), {
  permission: "subscriptions.cancel_immediately",
});
