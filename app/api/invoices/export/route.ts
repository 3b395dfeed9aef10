import { withTenant } from "@/lib/api/handler";
import { tenantExportResponse } from "@/lib/exports/tenant-exports";

/** GET /api/invoices/export?tenant={slug} — the tenant's invoices as a CSV download, streamed (admins only). */
export const GET = withTenant(async (ctx) => tenantExportResponse(ctx.db, ctx.actor, "invoices", ctx.tenant.slug), { permission: "invoices.manage" });
