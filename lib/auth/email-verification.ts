import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/db/client";
import { consumeVerificationToken, insertVerificationToken } from "@/db/queries/email-verifications";
import { enqueueMail } from "@/lib/mail/enqueue-mail";
import { portalUrl } from "@/lib/mail/portal-url";

export const VERIFY_TTL_HOURS = 48;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * A new account's "confirm your e-mail" link and its mail, in the caller's transaction (the one that
 * creates the account: both commit or neither). The caller nudges the mail relay after its commit.
 */
export async function issueEmailVerification(tx: Db, { userId, email, sender }: { userId: string; email: string; sender: string }) {
  const token = randomBytes(32).toString("base64url");
  const tokenHash = hashToken(token);
  await insertVerificationToken(tx, { userId, tokenHash, expiresAt: new Date(Date.now() + VERIFY_TTL_HOURS * 3600_000) });
  const data = { sender, verifyUrl: portalUrl(`/verify-email/${token}`), expiresHours: VERIFY_TTL_HOURS };
  await enqueueMail(tx, { tenantId: null, dedupeKey: `email_verification:${tokenHash}`, to: email, template: "email_verification", data });
}

/** Uses a link: the account's address is verified. False when the link was used, replaced or expired. */
export async function verifyEmail(db: Db, token: string): Promise<boolean> {
  return db.transaction(async (tx) => (await consumeVerificationToken(tx, { tokenHash: hashToken(token) })) !== null);
}
