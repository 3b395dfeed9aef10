import { listAudit } from "@/db/queries/audit-log";
import { ApiError } from "@/lib/api/errors";
import { withTenant } from "@/lib/api/handler";

/** GET /api/audit-log?tenant=acme[&before=ISO date] — the tenant's audit log, newest first, 50 a page. */
export const GET = withTenant(
  async ({ db, tenant, request }) => {
    const beforeRaw = new URL(request.url).searchParams.get("before");
    const before = beforeRaw ? new Date(beforeRaw) : undefined;
    if (before && Number.isNaN(before.getTime())) throw new ApiError("validation_failed", "before: must be an ISO date.", "before");
    const rows = await listAudit(db, { tenantId: tenant.id, before, limit: 50 });
    const last = rows.at(-1);
    return Response.json({ data: rows, next_before: rows.length === 50 && last ? last.createdAt.toISOString() : null });
  },
  { permission: "audit.view" },
);
