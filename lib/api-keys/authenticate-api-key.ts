import type { Db } from "@/db/client";
import type { Role, Tenant } from "@/db/schema";
import { findActiveApiKeyByHash, touchApiKey } from "@/db/queries/api-keys";
import { getMembership } from "@/db/queries/memberships";
import { getTenantById } from "@/db/queries/tenants";
import { lesserRole } from "@/lib/auth/permissions";
import { hashApiKeyToken } from "./api-key-token";

export type ApiKeyCaller = { keyId: string; tenant: Tenant; role: Role; userId: string };

/**
 * The tenant, role and acting user of a Bearer token; null for unknown or revoked keys. The key
 * acts as the user who created it, with the LESSER of the role chosen at creation and the
 * creator's current role: demoting an admin takes their keys' admin power away on the next call.
 */
export async function authenticateApiKey(db: Db, token: string): Promise<ApiKeyCaller | null> {
  if (!token.startsWith("mpk_") || token.length > 200) return null;
  const key = await findActiveApiKeyByHash(db, { tokenHash: hashApiKeyToken(token) });
  if (!key || !key.createdBy) return null;
  const tenant = await getTenantById(db, { tenantId: key.tenantId });
  if (!tenant) return null;
  // A key dies with its creator's membership: removing an admin removes their keys' access too.
  const membership = await getMembership(db, { tenantId: tenant.id, userId: key.createdBy });
  if (!membership) return null;
  await touchApiKey(db, { tenantId: key.tenantId, keyId: key.id });
  return { keyId: key.id, tenant, role: lesserRole(key.role, membership.role), userId: key.createdBy };
}
