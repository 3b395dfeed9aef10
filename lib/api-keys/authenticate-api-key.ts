import type { Db } from "@/db/client";
import type { Role, Tenant } from "@/db/schema";
import { findActiveApiKeyByHash, touchApiKey } from "@/db/queries/api-keys";
import { getMembership } from "@/db/queries/memberships";
import { getTenantById } from "@/db/queries/tenants";
import { hashApiKeyToken } from "./api-key-token";

export type ApiKeyCaller = { keyId: string; tenant: Tenant; role: Role; userId: string };

/**
 * The tenant, role and acting user of a Bearer token; null for unknown or revoked keys. The key
 * acts as the admin who created it, with the role chosen at creation.
 */
export async function authenticateApiKey(db: Db, token: string): Promise<ApiKeyCaller | null> {
  if (!token.startsWith("mpk_") || token.length > 200) return null;
  const key = await findActiveApiKeyByHash(db, { tokenHash: hashApiKeyToken(token) });
  if (!key || !key.createdBy) return null;
  const tenant = await getTenantById(db, { tenantId: key.tenantId });
  if (!tenant) return null;
  // A key dies with its creator's membership: removing an admin removes their keys' access too.
  if (!(await getMembership(db, { tenantId: tenant.id, userId: key.createdBy }))) return null;
  await touchApiKey(db, { tenantId: key.tenantId, keyId: key.id });
  return { keyId: key.id, tenant, role: key.role, userId: key.createdBy };
}
