import { cache } from "react";
import { headers } from "next/headers";
import { forbidden, notFound, redirect } from "next/navigation";
import { getDb } from "@/db";
import { getUserById } from "@/db/queries/users";
import { auth } from "./index";
import type { Permission } from "./permissions";
import { getTenantWithMembership } from "@/db/queries/tenants";
import { decideTenantAccess } from "./tenant-access";
import { billingStatusOf } from "@/lib/platform-billing/billing-status";

/**
 * The signed-in user, or null. The user row is re-read on every request, so a deleted user is
 * signed out at once, and so is a token issued under an older session version (the user signed
 * out somewhere, or was removed by an admin: lib/auth/end-sessions.ts).
 */
export const currentUser = cache(async () => {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  const user = await getUserById(await getDb(), { userId });
  if (!user || user.sessionVersion !== session.sessionVersion) return null;
  return { id: user.id, email: user.email, name: user.name };
});

/** Pages: redirect to sign-in (coming back here afterwards) when nobody is signed in. */
export async function requireUser() {
  const user = await currentUser();
  if (!user) {
    const path = (await headers()).get("x-pathname") ?? "/";
    redirect(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
  }
  return user;
}

/**
 * The tenant and the user's membership, read once per request: the layout asks with one permission
 * and the page with another, and both get this one lookup.
 */
const tenantLookup = cache(async (slug: string, userId: string) => getTenantWithMembership(await getDb(), { slug, userId }));

/** Pages and server actions: the user's access to `/{slug}`, or 404/403 rendered by Next. */
export const requireTenant = cache(async (slug: string, permission: Permission = "portal.view") => {
  const user = await requireUser();
  const found = await tenantLookup(slug, user.id);
  const access = decideTenantAccess(found, permission);
  if (!access.ok) {
    if (access.status === 403) forbidden();
    notFound();
  }
  // The platform plan's status comes with the same statement (the layout shows it on every page).
  return { user, tenant: access.tenant, role: access.role, billing: billingStatusOf(found?.platformStatus) };
});

export function requireTenantAdmin(slug: string) {
  return requireTenant(slug, "admin.view");
}
