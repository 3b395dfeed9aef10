import type { Db } from "@/db/client";
import { bumpSessionVersion } from "@/db/queries/users";

/**
 * Ends every session of a user at once, on every device: their tokens carry the old version and
 * are refused from the next request (lib/auth/session.ts). Used on sign-out, when a password is
 * set, and when an admin removes the user from a portal.
 */
export async function endAllSessions(db: Db, userId: string): Promise<void> {
  await bumpSessionVersion(db, { userId });
}
