import { withTenant } from "@/lib/api/handler";
import { tenantExportResponse } from "@/lib/exports/tenant-exports";

/** GET /api/credits/ledger/export?tenant={slug} — the tenant's credit-ledger as a CSV download, streamed (admins only). */
export const GET = withTenant(async (ctx) => tenantExportResponse(ctx.db, ctx.actor, "credit-ledger", ctx.tenant.slug), { permission: "credits.manage" });
