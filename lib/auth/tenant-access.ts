import type { Db } from "@/db/client";
import type { Role, Tenant } from "@/db/schema";
import { getTenantWithMembership } from "@/db/queries/tenants";
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
  return decideTenantAccess(await getTenantWithMembership(db, { slug, userId }), permission);
}

export type TenantLookup = Awaited<ReturnType<typeof getTenantWithMembership>>;

/** The rule above on a lookup already made (pages read it once per request: lib/auth/session.ts). */
export function decideTenantAccess(found: TenantLookup, permission: Permission): TenantAccess {
  if (!found?.membership) return { ok: false, status: 404 };
  const { tenant, membership } = found;
  if (!can(membership.role, permission)) return { ok: false, status: 403 };
  return { ok: true, tenant, role: membership.role, membershipId: membership.id };
}
