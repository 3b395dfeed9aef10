import type { Db } from "@/db/client";
import { recordPlatformAudit } from "@/db/queries/platform-audit";
import { grantPlatformAdmin, revokePlatformAdmin } from "@/db/queries/platform";
import { createUser, getUserByEmail, normaliseEmail } from "@/db/queries/users";
import { endAllSessions } from "@/lib/auth/end-sessions";
import { hashPassword } from "@/lib/auth/password";

/** The command line has no signed-in operator: the line's actor is empty and its target the person's user id. */
function auditOperator(tx: Db, action: string, userId: string) {
  return recordPlatformAudit(tx, { actorUserId: null, action, target: userId, fields: ["role"] });
}

export type OperatorResult = { ok: true; message: string } | { ok: false; error: string };

/**
 * Makes someone a platform operator (ROLE_PLATFORM_ADMIN). An existing account keeps its password;
 * a new one needs `password` (at least 12 characters). Only the command line and the demo seed call
 * this: no page or API can grant the role.
 */
export async function grantOperator(db: Db, { email, password }: { email: string; password?: string }): Promise<OperatorResult> {
  const address = normaliseEmail(email);
  if (!/^[^\s@]+@[^\s@]+$/.test(address)) return { ok: false, error: `"${email}" is not an e-mail address.` };
  const existing = await getUserByEmail(db, { email: address });
  if (existing) {
    await db.transaction(async (tx) => {
      if (await grantPlatformAdmin(tx, { userId: existing.id })) await auditOperator(tx, "platform.operator_granted", existing.id);
    });
    return { ok: true, message: `${address} is a platform operator (existing account, password unchanged).` };
  }
  if (!password || password.length < 12) return { ok: false, error: `No account for ${address}: set OPERATOR_PASSWORD (at least 12 characters) to create one.` };
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const user = await createUser(tx, { email: address, name: "Platform operator", passwordHash });
    await grantPlatformAdmin(tx, { userId: user.id });
    await auditOperator(tx, "platform.operator_granted", user.id);
  });
  return { ok: true, message: `Created ${address} as a platform operator.` };
}

/** Takes the role away and ends the person's sessions, so an open console stops working at once. */
export async function revokeOperator(db: Db, { email }: { email: string }): Promise<OperatorResult> {
  const user = await getUserByEmail(db, { email });
  if (!user) return { ok: false, error: `No account for ${normaliseEmail(email)}.` };
  const revoked = await db.transaction(async (tx) => {
    const had = await revokePlatformAdmin(tx, { userId: user.id });
    if (had) {
      await endAllSessions(tx, user.id);
      await auditOperator(tx, "platform.operator_revoked", user.id);
    }
    return had;
  });
  return revoked ? { ok: true, message: `${user.email} is no longer a platform operator; their sessions ended.` } : { ok: false, error: `${user.email} was not a platform operator.` };
}
