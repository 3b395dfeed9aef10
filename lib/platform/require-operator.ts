import { cache } from "react";
import { notFound } from "next/navigation";
import { getDb } from "@/db";
import { isPlatformAdmin } from "@/db/queries/platform";
import { requireUser } from "@/lib/auth/session";

/**
 * Pages and actions of the operator console (`/platform`): the signed-in user must hold
 * ROLE_PLATFORM_ADMIN (table platform_admins), read from the database on every request so a revoked
 * operator loses the console at once. Everyone else gets 404: the console does not announce itself.
 */
export const requirePlatformAdmin = cache(async () => {
  const user = await requireUser();
  if (!(await isPlatformAdmin(await getDb(), { userId: user.id }))) notFound();
  return user;
});
