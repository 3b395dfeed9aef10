import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit-log";
import { listOpenInvites, revokeOpenInvites } from "@/db/queries/member-invites";
import { getMembership, lockTenantAdmins, removeMembership } from "@/db/queries/memberships";
import { getUserById } from "@/db/queries/users";
import { nudgeMailRelay } from "@/lib/jobs/runtime";
import { issueInviteToken, mailInvite } from "./invite-member";

type Input = { tenantId: string; actorUserId: string; userId: string };

export type PendingInvite = { userId: string; email: string; name: string | null; sentAt: Date; expiresAt: Date; expired: boolean };

/** The members page's "Pending invitations": one row per invited person (their newest link), soonest expiry first. */
export async function listPendingInvites(db: Db, { tenantId, now = new Date() }: { tenantId: string; now?: Date }): Promise<PendingInvite[]> {
  const rows = await listOpenInvites(db, { tenantId });
  const newest = new Map<string, PendingInvite>();
  for (const r of rows) {
    if (newest.has(r.userId)) continue;
    newest.set(r.userId, { userId: r.userId, email: r.email, name: r.name, sentAt: r.createdAt, expiresAt: r.expiresAt, expired: r.expiresAt <= now });
  }
  return [...newest.values()].sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime());
}

export type ResendResult = { ok: true; token: string; email: string } | { ok: false; error: string };

/**
 * A fresh one-time link for someone who has not accepted yet, e-mailed to them like the first. The
 * older links stop working at the same moment (revoked in the same transaction), so only the newest
 * link is live.
 */
export async function resendInvite(db: Db, input: Input): Promise<ResendResult> {
  const result = await db.transaction(async (tx): Promise<ResendResult> => {
    const user = await getUserById(tx, { userId: input.userId });
    if (!user || !(await getMembership(tx, { tenantId: input.tenantId, userId: input.userId }))) return { ok: false, error: "This person is no longer a member." };
    if (user.passwordHash) return { ok: false, error: `${user.email} has already accepted and signs in as usual.` };
    const revoked = await revokeOpenInvites(tx, { tenantId: input.tenantId, userId: input.userId, now: new Date() });
    if (revoked === 0) return { ok: false, error: "There is no open invitation for this person." };
    const token = await issueInviteToken(tx, { tenantId: input.tenantId, userId: input.userId, createdBy: input.actorUserId });
    await recordAudit(tx, { tenantId: input.tenantId, actorUserId: input.actorUserId, action: "member.invite_resent", target: input.userId });
    await mailInvite(tx, { tenantId: input.tenantId, email: user.email, token });
    return { ok: true, token, email: user.email };
  });
  if (result.ok) await nudgeMailRelay();
  return result;
}

export type RevokeResult = { ok: true; email: string } | { ok: false; error: string };

/**
 * Withdraws an invitation: every open link stops working and the invited person, who never signed
 * in, leaves the member list. Someone who already accepted is a member like any other (remove them
 * from their page instead).
 */
export async function revokeInvite(db: Db, input: Input): Promise<RevokeResult> {
  return db.transaction(async (tx): Promise<RevokeResult> => {
    const admins = await lockTenantAdmins(tx, { tenantId: input.tenantId });
    const user = await getUserById(tx, { userId: input.userId });
    const membership = user ? await getMembership(tx, { tenantId: input.tenantId, userId: input.userId }) : undefined;
    if (!user || !membership) return { ok: false, error: "This invitation was already withdrawn." };
    if (user.passwordHash) return { ok: false, error: `${user.email} has already accepted: remove them from their member page instead.` };
    if (membership.role === "ROLE_CLIENT_ADMIN" && admins.length <= 1) return { ok: false, error: "A portal needs at least one admin: make someone else an admin first." };
    const revoked = await revokeOpenInvites(tx, { tenantId: input.tenantId, userId: input.userId, now: new Date() });
    if (revoked === 0) return { ok: false, error: "This invitation was already withdrawn." };
    await removeMembership(tx, { tenantId: input.tenantId, userId: input.userId });
    await recordAudit(tx, { tenantId: input.tenantId, actorUserId: input.actorUserId, action: "member.invite_revoked", target: input.userId });
    return { ok: true, email: user.email };
  });
}
