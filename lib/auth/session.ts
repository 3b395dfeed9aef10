import { cache } from "react";
import { headers } from "next/headers";
import { forbidden, notFound, redirect } from "next/navigation";
import { getDb } from "@/db";
import { getUserById } from "@/db/queries/users";
import { auth } from "./index";
import type { Permission } from "./permissions";
import { getUserWithTenant } from "@/db/queries/tenants";
import type { User } from "@/db/schema";
import { decideTenantAccess } from "./tenant-access";
import { billingStatusOf } from "@/lib/platform-billing/billing-status";

/** The session, read once per request (Auth.js decrypts the cookie on every call). */
const currentSession = cache(() => auth());

type SessionUser = { id: string; email: string; name: string | null };

/**
 * The user row answers for the session only while the user exists and the token carries their
 * current session version: a deleted user is signed out at once, and so is a token issued under an
 * older version (the user signed out somewhere, or was removed by an admin: lib/auth/end-sessions.ts).
 */
function sessionUserOf(session: { sessionVersion?: number } | null, user: User | undefined): SessionUser | null {
  if (!session || !user || user.sessionVersion !== session.sessionVersion) return null;
  return { id: user.id, email: user.email, name: user.name };
}

/** The signed-in user, or null. The user row is re-read on every request (sessionUserOf). */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await currentSession();
  const userId = session?.user?.id;
  if (!userId) return null;
  return sessionUserOf(session, await getUserById(await getDb(), { userId }));
});

/** Pages: redirect to sign-in (coming back here afterwards). */
async function redirectToSignIn(): Promise<never> {
  const path = (await headers()).get("x-pathname") ?? "/";
  redirect(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
}

/** Pages: redirect to sign-in (coming back here afterwards) when nobody is signed in. */
export async function requireUser() {
  return (await currentUser()) ?? redirectToSignIn();
}

/**
 * The signed-in user, the tenant and the user's membership, read once per request in one statement:
 * the layout asks with one permission and the page with another, and both get this one lookup.
 * null when nobody (still) valid is signed in.
 */
const tenantLookup = cache(async (slug: string) => {
  const session = await currentSession();
  const userId = session?.user?.id;
  if (!userId) return null;
  const row = await getUserWithTenant(await getDb(), { userId, slug });
  const user = sessionUserOf(session, row?.user);
  return user ? { user, found: row?.tenant } : null;
});

/** Pages and server actions: the user's access to `/{slug}`, or 404/403 rendered by Next. */
export const requireTenant = cache(async (slug: string, permission: Permission = "portal.view") => {
  const lookup = (await tenantLookup(slug)) ?? (await redirectToSignIn());
  const { user, found } = lookup;
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
