import { listInvoiceRows } from "@/db/queries/billing-notices";
import { ApiError } from "@/lib/api/errors";
import { withTenant } from "@/lib/api/handler";
import { can } from "@/lib/auth/permissions";
import { listQuery } from "@/lib/subscriptions/api-schemas";
import { invoiceJson } from "@/lib/subscriptions/views";

/** GET /api/invoices[?status=open] — the caller's invoices; admins: everyone's, or one member's with ?member=. */
export const GET = withTenant(
  async ({ db, tenant, userId, role, request }) => {
    const q = listQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
    const all = can(role, "invoices.manage");
    if (q.member && q.member !== userId && !all) throw new ApiError("forbidden", "Only admins can list another member's invoices.");
    const rows = await listInvoiceRows(db, { tenantId: tenant.id, userId: all ? q.member : userId, ...(q.status ? { status: q.status } : {}) });
    return Response.json({ object: "list", data: rows.map(invoiceJson) });
  },
  { permission: "invoices.pay" },
);
