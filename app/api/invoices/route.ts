import { withTenant } from "@/lib/api/handler";
import { listInvoicesFor } from "@/lib/invoices/list-invoices";
import { listQuery } from "@/lib/subscriptions/api-schemas";
import { invoiceJson } from "@/lib/subscriptions/views";

/** GET /api/invoices[?status=open] — the caller's invoices; admins: everyone's, or one member's with ?member=. */
export const GET = withTenant(
  async ({ db, tenant, userId, role, request }) => {
    const q = listQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
    const rows = await listInvoicesFor(db, { tenantId: tenant.id, userId, role }, { member: q.member, status: q.status });
    return Response.json({ object: "list", data: rows.map(invoiceJson) });
  },
  { permission: "invoices.pay" },
);
