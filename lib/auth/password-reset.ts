import { createHash, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { consumeResetToken, findUsableResetToken, insertResetToken } from "@/db/queries/password-resets";
import { bumpSessionVersion, getUserByEmail } from "@/db/queries/users";
import { users } from "@/db/schema";
import { nudgeMailRelay } from "@/lib/jobs/runtime";
import { enqueueMail } from "@/lib/mail/enqueue-mail";
import { portalUrl } from "@/lib/mail/portal-url";
import { hashPassword } from "./password";
import { gatePasswordReset } from "./throttle";

export const RESET_TTL_MINUTES = 60;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export type ResetRequestResult = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * "Forgot password": throttled per e-mail and address; for an existing account a one-time link
 * (only its hash stored) and its mail are written in one transaction. The answer is the same
 * whether or not the account exists, so the form reveals no accounts.
 */
export async function requestPasswordReset(db: Db, { email, address }: { email: string; address: string }): Promise<ResetRequestResult> {
  const gate = await gatePasswordReset(db, { email, address });
  if (!gate.allowed) return { ok: false, retryAfterSeconds: gate.retryAfterSeconds };
  const user = await getUserByEmail(db, { email });
  if (!user) return { ok: true };
  const token = randomBytes(32).toString("base64url");
  const tokenHash = hashToken(token);
  await db.transaction(async (tx) => {
    await insertResetToken(tx, { userId: user.id, tokenHash, expiresAt: new Date(Date.now() + RESET_TTL_MINUTES * 60_000) });
    const data = { resetUrl: portalUrl(`/reset-password/${token}`), expiresMinutes: RESET_TTL_MINUTES };
    await enqueueMail(tx, { tenantId: null, dedupeKey: `password_reset:${tokenHash}`, to: user.email, template: "password_reset", data });
  });
  await nudgeMailRelay();
  return { ok: true };
}

/** Is the link still usable? For the page, so an expired link says so before anyone types. */
export async function resetLinkIsUsable(db: Db, token: string): Promise<boolean> {
  return (await findUsableResetToken(db, { tokenHash: hashToken(token) })) !== null;
}

/**
 * Sets the new password and uses up the link in one transaction, and ends every session of the
 * account (its session version moves on: a stolen cookie stops working too). False when the link
 * was used, replaced or has expired.
 */
export async function resetPassword(db: Db, { token, password }: { token: string; password: string }): Promise<{ email: string } | null> {
  // argon2 first: the transaction holds a connection only for the writes.
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const userId = await consumeResetToken(tx, { tokenHash: hashToken(token) });
    if (!userId) return null;
    const [user] = await tx.update(users).set({ passwordHash }).where(eq(users.id, userId)).returning({ email: users.email });
    await bumpSessionVersion(tx, { userId });
    return user ?? null;
  });
}
