import type { Db } from "@/db/client";
import { listMembershipsForUser, listTenantMembers } from "@/db/queries/memberships";

/** Everyone in a tenant with their e-mail, name and role, ordered by e-mail: for admins' member pickers. */
export async function listMembers(db: Db, { tenantId }: { tenantId: string }) {
  return listTenantMembers(db, { tenantId });
}

/** The portals a signed-in user belongs to, with their role in each (home page chooser, GET /api/me). */
export async function listPortalsOfUser(db: Db, { userId }: { userId: string }) {
  return listMembershipsForUser(db, { userId });
}
