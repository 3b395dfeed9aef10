import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/db/client";
import { consumeVerificationToken, insertVerificationToken } from "@/db/queries/email-verifications";
import { getMailTenant } from "@/db/queries/mail-recipients";
import { getUserById } from "@/db/queries/users";
import { nudgeMailRelay } from "@/lib/jobs/runtime";
import { enqueueMail } from "@/lib/mail/enqueue-mail";
import { portalUrl } from "@/lib/mail/portal-url";
import { gateVerifyResend } from "./throttle";

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

export type ResendOutcome = { kind: "sent"; email: string } | { kind: "already_verified" } | { kind: "throttled"; retryAfterSeconds: number };

/**
 * "Resend verification link" for the signed-in user whose address is not confirmed yet: a new
 * single-use link (older ones stop working) and its mail, in one transaction. Throttled per user
 * (lib/auth/throttle.ts, verifyResend): every click counts, so the button cannot flood an inbox.
 * `tenantId` is the organisation the user is signed in to (the mail names it).
 */
export async function resendEmailVerification(db: Db, { userId, tenantId }: { userId: string; tenantId: string }): Promise<ResendOutcome> {
  const user = await getUserById(db, { userId });
  if (!user || user.emailVerified) return { kind: "already_verified" };
  const gate = await gateVerifyResend(db, { userId });
  if (!gate.allowed) return { kind: "throttled", retryAfterSeconds: gate.retryAfterSeconds };
  // The mail comes from the organisation the user asked in, as the first one did.
  const sender = (await getMailTenant(db, { tenantId }))?.name ?? "MemberPulse";
  await db.transaction((tx) => issueEmailVerification(tx, { userId, email: user.email, sender }));
  await nudgeMailRelay();
  return { kind: "sent", email: user.email };
}

/** Is the signed-in user's address confirmed? (The e-mail notices page offers a new link when not.) */
export async function isEmailVerified(db: Db, { userId }: { userId: string }): Promise<boolean> {
  return Boolean((await getUserById(db, { userId }))?.emailVerified);
}

/** Uses a link: the account's address is verified. False when the link was used, replaced or expired. */
export async function verifyEmail(db: Db, token: string): Promise<boolean> {
  return db.transaction(async (tx) => (await consumeVerificationToken(tx, { tokenHash: hashToken(token) })) !== null);
}
