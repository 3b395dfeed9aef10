import type { Db } from "@/db/client";
import type { Role, Tenant } from "@/db/schema";
import { getMembership } from "@/db/queries/memberships";
import { getTenantBySlug } from "@/db/queries/tenants";
import { can, type Permission } from "./permissions";

export type TenantAccess =
  | { ok: true; tenant: Tenant; role: Role; membershipId: string }
  | { ok: false; status: 404 | 403 };

/**
 * The one rule for every page, action and API call: an unknown tenant and a tenant the user does
 * not belong to look the same (404, so tenant names do not leak); a member lacking the
 * permission gets 403.
 */
export async function resolveTenantAccess(
  db: Db,
  { slug, userId, permission }: { slug: string; userId: string; permission: Permission },
): Promise<TenantAccess> {
  const tenant = await getTenantBySlug(db, { slug });
  if (!tenant) return { ok: false, status: 404 };
  const membership = await getMembership(db, { tenantId: tenant.id, userId });
  if (!membership) return { ok: false, status: 404 };
  if (!can(membership.role, permission)) return { ok: false, status: 403 };
  return { ok: true, tenant, role: membership.role, membershipId: membership.id };
}
