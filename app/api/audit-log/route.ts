import { DomainError } from "@/lib/errors/domain-error";
import { withTenant } from "@/lib/api/handler";
import { loadAuditLogPage } from "@/lib/audit/audit-log-page";

/** GET /api/audit-log?tenant=acme[&before=ISO date] — the tenant's audit log, newest first, 50 a page. */
export const GET = withTenant(
  async ({ db, tenant, request }) => {
    const beforeRaw = new URL(request.url).searchParams.get("before");
    const before = beforeRaw ? new Date(beforeRaw) : undefined;
    if (before && Number.isNaN(before.getTime())) throw new DomainError("validation_failed", "before: must be an ISO date.", "before");
    const page = await loadAuditLogPage(db, { tenantId: tenant.id, before });
    return Response.json({ data: page.rows, next_before: page.nextBefore });
  },
  { permission: "audit.view" },
);
