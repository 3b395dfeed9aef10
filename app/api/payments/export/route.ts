import { fromZodError, PRIVATE_NO_STORE } from "@/lib/api/errors";
import { withTenant } from "@/lib/api/handler";
import { listQuery, paymentListFilters } from "@/lib/payments/api-schemas";
import { paymentsCsv } from "@/lib/payments/export-payments";

/**
 * GET /api/payments/export?tenant={slug}[&status=…&member=…&from=…&to=…] — every matching payment as
 * a CSV download, streamed (admins; the admin payments page links here with its filters).
 */
export const GET = withTenant(
  async (ctx) => {
    const q = listQuery.omit({ cursor: true, limit: true }).safeParse(Object.fromEntries(new URL(ctx.request.url).searchParams));
    if (!q.success) throw fromZodError(q.error);
    const day = new Date().toISOString().slice(0, 10);
    return new Response(paymentsCsv(ctx.db, ctx.actor, paymentListFilters(q.data)), {
      headers: {
        "cache-control": PRIVATE_NO_STORE,
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="payments-${ctx.tenant.slug}-${day}.csv"`,
      },
    });
  },
  { permission: "payments.view_all" },
);
