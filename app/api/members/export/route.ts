import { withTenant } from "@/lib/api/handler";
import { tenantExportResponse } from "@/lib/exports/tenant-exports";

/** GET /api/members/export?tenant={slug} — the tenant's members as a CSV download, streamed (admins only). */
export const GET = withTenant(async (ctx) => tenantExportResponse(ctx.db, ctx.actor, "members", ctx.tenant.slug), { permission: "members.manage" });
