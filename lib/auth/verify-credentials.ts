import { z } from "zod";
import type { Db } from "@/db/client";
import { getUserByEmail } from "@/db/queries/users";
import { timingDummyHash, verifyPassword } from "./password";
import { gateSignIn, signInSucceeded } from "./throttle";

export const credentialsSchema = z.object({
  email: z.string().trim().min(1, "Enter your e-mail address.").max(320).pipe(z.email("Enter a valid e-mail address.")),
  password: z.string().min(1, "Enter your password.").max(1024),
});

export type CredentialsResult =
  | { ok: true; userId: string; sessionVersion: number }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/**
 * Checks an e-mail + password behind the sign-in throttles (lib/auth/throttle.ts): the attempt is
 * counted before the password is checked, so parallel guesses cannot slip past the limit; a
 * throttled attempt is refused even with the right password. An unknown e-mail costs the same
 * argon2 verification as a known one.
 */
export async function verifyCredentials(
  db: Db,
  { email, password, address }: { email: string; password: string; address: string },
): Promise<CredentialsResult> {
  const gate = await gateSignIn(db, { email, address });
  if (!gate.allowed) return { ok: false, reason: "rate_limited", retryAfterSeconds: gate.retryAfterSeconds };

  const user = await getUserByEmail(db, { email });
  const ok = await verifyPassword(user?.passwordHash ?? (await timingDummyHash()), password);
  if (!ok || !user) return { ok: false, reason: "invalid" };
  await signInSucceeded(db, gate.keys);
  return { ok: true, userId: user.id, sessionVersion: user.sessionVersion };
}
