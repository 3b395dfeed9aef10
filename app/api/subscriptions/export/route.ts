import { withTenant } from "@/lib/api/handler";
import { tenantExportResponse } from "@/lib/exports/tenant-exports";

/** GET /api/subscriptions/export?tenant={slug} — the tenant's subscriptions as a CSV download, streamed (admins only). */
export const GET = withTenant(async (ctx) => tenantExportResponse(ctx.db, ctx.actor, "subscriptions", ctx.tenant.slug), { permission: "subscriptions.view_all" });
