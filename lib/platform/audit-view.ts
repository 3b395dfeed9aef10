import type { Db } from "@/db/client";
import { listPlatformAudit } from "@/db/queries/platform-audit";

/** The console's audit page: the newest 100 operator actions, with who did them and to which organisation. */
export async function loadPlatformAuditView(db: Db) {
  return { entries: await listPlatformAudit(db, { limit: 100 }) };
}
