import type { Db } from "@/db/client";
import { listAudit } from "@/db/queries/audit-log";

export const AUDIT_PAGE_SIZE = 50;

/**
 * One page of the tenant's audit log, newest first, for the admin page and GET /api/audit-log.
 * `nextBefore` is where the next (older) page starts; null when this page is the last one.
 */
export async function loadAuditLogPage(db: Db, { tenantId, before }: { tenantId: string; before?: Date }) {
  const rows = await listAudit(db, { tenantId, before, limit: AUDIT_PAGE_SIZE });
  const last = rows.at(-1);
  return { rows, nextBefore: rows.length === AUDIT_PAGE_SIZE && last ? last.createdAt.toISOString() : null };
}
