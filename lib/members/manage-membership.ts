import type { Db } from "@/db/client";
import type { Role } from "@/db/schema";
import { recordAudit } from "@/db/queries/audit-log";
import { revokeOpenInvites } from "@/db/queries/member-invites";
import { getMembership, lockTenantAdmins, removeMembership, setMembershipRole } from "@/db/queries/memberships";
import { endAllSessions } from "@/lib/auth/end-sessions";

type Input = { tenantId: string; actorUserId: string; userId: string };
export type MembershipChange = { ok: true } | { ok: false; error: string };

const LAST_ADMIN = "A portal needs at least one admin: make someone else an admin first.";

/**
 * Changes a member's role. Takes effect on their next request (roles are read per request) and on
 * every API key they made (a key acts with the lesser of its role and its creator's).
 */
export async function changeMemberRole(db: Db, input: Input & { role: Role }): Promise<MembershipChange> {
  return db.transaction(async (tx) => {
    const admins = await lockTenantAdmins(tx, { tenantId: input.tenantId });
    const membership = await getMembership(tx, { tenantId: input.tenantId, userId: input.userId });
    if (!membership) return { ok: false, error: "This person is no longer a member." };
    if (membership.role === input.role) return { ok: true };
    if (membership.role === "ROLE_CLIENT_ADMIN" && admins.length <= 1) return { ok: false, error: LAST_ADMIN };
    await setMembershipRole(tx, input);
    await recordAudit(tx, { tenantId: input.tenantId, actorUserId: input.actorUserId, action: "member.role_changed", target: input.userId, fields: ["role"] });
    return { ok: true };
  });
}

/**
 * Removes someone from the portal: their access, their API keys' access, and — because a removed
 * person should not keep a session anywhere — every session they have, on every device. Their
 * payments, subscriptions and ledger stay (they are the tenant's records).
 */
export async function removeMember(db: Db, input: Input): Promise<MembershipChange> {
  const result = await db.transaction(async (tx): Promise<MembershipChange> => {
    const admins = await lockTenantAdmins(tx, { tenantId: input.tenantId });
    const membership = await getMembership(tx, { tenantId: input.tenantId, userId: input.userId });
    if (!membership) return { ok: false, error: "This person is no longer a member." };
    if (membership.role === "ROLE_CLIENT_ADMIN" && admins.length <= 1) return { ok: false, error: LAST_ADMIN };
    await removeMembership(tx, input);
    // An unaccepted invite link would otherwise still set a password for someone no longer here.
    await revokeOpenInvites(tx, { tenantId: input.tenantId, userId: input.userId, now: new Date() });
    await endAllSessions(tx, input.userId);
    await recordAudit(tx, { tenantId: input.tenantId, actorUserId: input.actorUserId, action: "member.removed", target: input.userId });
    return { ok: true };
  });
  return result;
}
