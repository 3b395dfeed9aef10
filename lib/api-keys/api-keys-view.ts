import type { Db } from "@/db/client";
import { listApiKeys } from "@/db/queries/api-keys";

/** The API keys settings page: every key of the tenant, revoked ones included (for the record). */
export async function loadApiKeysView(db: Db, { tenantId }: { tenantId: string }) {
  return { keys: await listApiKeys(db, { tenantId }) };
}
