import { withTenant } from "@/lib/api/handler";
import { toApiPayment } from "@/lib/payments/payment-view";
import { getPaymentView } from "@/lib/payments/read-payments";

/** GET /api/payments/{id} — a member's own payment, or any of the tenant's for admins; otherwise 404. */
export const GET = withTenant(
  async (ctx) => Response.json(toApiPayment(await getPaymentView(ctx.db, ctx.actor, ctx.params.id ?? ""))),
  { permission: "portal.view" },
);
