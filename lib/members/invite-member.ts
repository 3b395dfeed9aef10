import { createHash, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { recordAudit } from "@/db/queries/audit-log";
import { consumeInvite, findUsableInvite, insertInvite } from "@/db/queries/member-invites";
import { addMembership, getMembership } from "@/db/queries/memberships";
import { createUser, getUserByEmail } from "@/db/queries/users";
import { users } from "@/db/schema";
import { getMailTenant } from "@/db/queries/mail-recipients";
import { hashPassword } from "@/lib/auth/password";
import { nudgeMailRelay } from "@/lib/jobs/runtime";
import { enqueueMail } from "@/lib/mail/enqueue-mail";
import { portalUrl } from "@/lib/mail/portal-url";

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export function hashInviteToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** `token` is null when the person already had an account: they sign in with it, no link needed. */
export type InviteResult = { ok: true; token: string | null; email: string } | { ok: false; error: string };

/**
 * Adds a member (creating the user when new) and returns a one-time sign-in token. Only its hash
 * is stored; the admin sees the link once, and the invitation mail carries it to the person.
 */
export async function inviteMember(db: Db, { tenantId, actorUserId, email, name }: { tenantId: string; actorUserId: string; email: string; name: string | null }): Promise<InviteResult> {
  const token = randomBytes(32).toString("base64url");
  const result = await db.transaction(async (tx): Promise<InviteResult> => {
    const existing = await getUserByEmail(tx, { email });
    if (existing && (await getMembership(tx, { tenantId, userId: existing.id }))) return { ok: false as const, error: "This person is already a member." };
    if (existing) {
      // Never hand out a link that sets an existing account's password (that would be a takeover).
      await addMembership(tx, { tenantId, userId: existing.id, role: "ROLE_MEMBER" });
      await recordAudit(tx, { tenantId, actorUserId, action: "member.added", target: existing.id, fields: ["role"] });
      return { ok: true as const, token: null, email: existing.email };
    }
    const user = await createUser(tx, { email, name, passwordHash: null });
    await addMembership(tx, { tenantId, userId: user.id, role: "ROLE_MEMBER" });
    const tokenHash = hashInviteToken(token);
    await insertInvite(tx, { tenantId, userId: user.id, tokenHash, expiresAt: new Date(Date.now() + INVITE_TTL_MS), createdBy: actorUserId });
    await recordAudit(tx, { tenantId, actorUserId, action: "member.invited", target: user.id, fields: ["email", "role"] });
    await mailInvite(tx, { tenantId, email: user.email, token, tokenHash });
    return { ok: true as const, token, email: user.email };
  });
  if (result.ok && result.token) await nudgeMailRelay();
  return result;
}

/** The invitation mail, with the same one-time link the admin sees; written with the invite. */
async function mailInvite(tx: Db, { tenantId, email, token, tokenHash }: { tenantId: string; email: string; token: string; tokenHash: string }) {
  const tenant = await getMailTenant(tx, { tenantId });
  if (!tenant) return;
  const data = { tenantName: tenant.name, inviteUrl: portalUrl(`/invite/${token}`), expiresDays: INVITE_TTL_MS / (24 * 60 * 60 * 1000) };
  await enqueueMail(tx, { tenantId, dedupeKey: `invite:${tokenHash}`, to: email, template: "member_invite", data });
}

export async function lookupInvite(db: Db, token: string) {
  return findUsableInvite(db, { tokenHash: hashInviteToken(token), now: new Date() });
}

/** Sets the invited person's password and burns the link. Null when the link is used or expired. */
export async function acceptInvite(db: Db, { token, password }: { token: string; password: string }) {
  const invite = await lookupInvite(db, token);
  if (!invite) return null;
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const consumed = await consumeInvite(tx, { inviteId: invite.id, now: new Date() });
    if (!consumed) return null;
    await tx.update(users).set({ passwordHash }).where(eq(users.id, consumed.userId));
    return invite;
  });
}
