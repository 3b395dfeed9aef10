import type { Db } from "@/db/client";
import { listMembershipsForUser, listTenantMembers } from "@/db/queries/memberships";
import { isPlatformAdmin } from "@/db/queries/platform";

/** Everyone in a tenant with their e-mail, name and role, ordered by e-mail: for admins' member pickers. */
export async function listMembers(db: Db, { tenantId }: { tenantId: string }) {
  return listTenantMembers(db, { tenantId });
}

/** The portals a signed-in user belongs to, with their role in each (home page chooser, GET /api/me). */
export async function listPortalsOfUser(db: Db, { userId }: { userId: string }) {
  return listMembershipsForUser(db, { userId });
}

/** The home page: the user's portals, and whether they also operate the platform. */
export async function loadHomeView(db: Db, { userId }: { userId: string }) {
  const [memberships, operator] = await Promise.all([listMembershipsForUser(db, { userId }), isPlatformAdmin(db, { userId })]);
  return { memberships, operator };
}
