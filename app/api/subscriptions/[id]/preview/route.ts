import { DomainError } from "@/lib/errors/domain-error";
import { readJson, withTenant } from "@/lib/api/handler";
import { previewBody, SUBSCRIPTION_ID } from "@/lib/subscriptions/api-schemas";
import { previewPlanChange } from "@/lib/subscriptions/manage-subscription";

/** POST /api/subscriptions/{id}/preview {price_id} — the proration a plan change would charge now; nothing changes. */
export const POST = withTenant(
  async (ctx) => {
    const id = SUBSCRIPTION_ID.safeParse(ctx.params.id);
    if (!id.success) throw new DomainError("not_found", "No such subscription.");
    const body = await readJson(ctx.request, previewBody);
    const p = await previewPlanChange(ctx.db, ctx.actor, id.data, body.price_id);
    return Response.json({ object: "proration_preview", amount_due: p.amountDue, currency: p.currency, proration_date: p.prorationDate, proration_behavior: p.behavior, lines: p.lines });
  },
  { permission: "subscriptions.subscribe" },
);
