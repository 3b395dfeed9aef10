import { createHash } from "node:crypto";
import { z } from "zod";
import type { Db } from "@/db/client";
import { getUserByEmail, normaliseEmail } from "@/db/queries/users";
import { countRecentFailures, recordLoginAttempt } from "@/db/queries/login-attempts";
import { timingDummyHash, verifyPassword } from "./password";

export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;

export const credentialsSchema = z.object({
  email: z.string().trim().min(1, "Enter your e-mail address.").max(320).pipe(z.email("Enter a valid e-mail address.")),
  password: z.string().min(1, "Enter your password.").max(1024),
});

export type CredentialsResult =
  | { ok: true; userId: string }
  | { ok: false; reason: "invalid" | "rate_limited" };

function attemptKey(email: string, ip: string): string {
  return createHash("sha256").update(`${normaliseEmail(email)}|${ip}`).digest("hex");
}

/**
 * Checks an e-mail + password, rate-limited per e-mail and client IP in the database (so every
 * app instance shares the limit): after MAX_FAILURES failures in FAILURE_WINDOW_MS the pair is
 * refused until the window has passed, even with the right password.
 */
export async function verifyCredentials(
  db: Db,
  { email, password, ip }: { email: string; password: string; ip: string },
): Promise<CredentialsResult> {
  const key = attemptKey(email, ip);
  const failures = await countRecentFailures(db, { key, since: new Date(Date.now() - FAILURE_WINDOW_MS) });
  if (failures >= MAX_FAILURES) return { ok: false, reason: "rate_limited" };

  const user = await getUserByEmail(db, { email });
  const ok = await verifyPassword(user?.passwordHash ?? (await timingDummyHash()), password);
  await recordLoginAttempt(db, { key, succeeded: ok && !!user });
  if (!ok || !user) return { ok: false, reason: "invalid" };
  return { ok: true, userId: user.id };
}
