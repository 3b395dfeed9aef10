import type { Role, Tenant } from "@/db/schema";

/**
 * Who is acting, in which tenant: a signed-in member or admin (server actions, pages, route
 * handlers with a session) or an API key acting with its role. Every service that acts for
 * someone takes this one type; `requestId` ties its audit entries to the request's log lines.
 */
export type TenantActor = { tenantId: string; tenantSlug: string; userId: string; role: Role; requestId?: string | null };

export function tenantActor(tenant: Pick<Tenant, "id" | "slug">, userId: string, role: Role, requestId?: string | null): TenantActor {
  return { tenantId: tenant.id, tenantSlug: tenant.slug, userId, role, ...(requestId ? { requestId } : {}) };
}
