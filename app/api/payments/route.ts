import { withTenant } from "@/lib/api/handler";
import { listQuery, paymentListFilters } from "@/lib/payments/api-schemas";
import { toApiPayment } from "@/lib/payments/payment-view";
import { listPaymentViews } from "@/lib/payments/read-payments";

/** GET /api/payments[?status&member&from&to&cursor&limit] — members: their own; admins: all. Newest first. */
export const GET = withTenant(
  async (ctx) => {
    const q = listQuery.parse(Object.fromEntries(new URL(ctx.request.url).searchParams));
    const page = await listPaymentViews(ctx.db, ctx.actor, { ...paymentListFilters(q), cursor: q.cursor, limit: q.limit });
    return Response.json({ object: "list", data: page.data.map(toApiPayment), next_cursor: page.nextCursor, has_more: page.nextCursor !== null });
  },
  { permission: "portal.view" },
);
