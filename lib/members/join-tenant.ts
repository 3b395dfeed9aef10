import { z } from "zod";
import { getMailTenant } from "@/db/queries/mail-recipients";
import { issueEmailVerification } from "@/lib/auth/email-verification";
import { nudgeMailRelay } from "@/lib/jobs/runtime";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit-log";
import { addMembership } from "@/db/queries/memberships";
import { findReferrerByCode, insertReferral } from "@/db/queries/referrals";
import { getTenantBySlug } from "@/db/queries/tenants";
import { createUser, getUserByEmail } from "@/db/queries/users";
import { hashPassword } from "@/lib/auth/password";

export const joinSchema = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(100, "Use at most 100 characters."),
  email: z.email("Enter a valid e-mail address.").max(254),
  password: z.string().min(10, "Use at least 10 characters.").max(200, "Use at most 200 characters."),
  ref: z
    .string()
    .trim()
    .max(32)
    .regex(/^[A-Za-z0-9]*$/, "A referral code has only letters and digits.")
    .optional(),
});
export type JoinInput = z.infer<typeof joinSchema>;

export type JoinResult = { ok: true; userId: string; referred: boolean } | { ok: false; error: string; field?: "email" };

/**
 * Public sign-up as a member of one tenant. A referral code counts only when it belongs to a member
 * of this same tenant; an unknown code (or one from another tenant) does not block joining — the
 * page already told the person it will not count. A new account cannot be its own referrer.
 */
export async function joinTenant(db: Db, { tenantId, input }: { tenantId: string; input: JoinInput }): Promise<JoinResult> {
  const passwordHash = await hashPassword(input.password);
  const referrerUserId = input.ref ? await findReferrerByCode(db, { tenantId, code: input.ref }) : null;
  const result = await db.transaction(async (tx) => {
    if (await getUserByEmail(tx, { email: input.email })) {
      // Joining must never attach or take over an existing account; that person signs in instead.
      return { ok: false as const, field: "email" as const, error: "An account with this e-mail already exists. Sign in instead." };
    }
    const user = await createUser(tx, { email: input.email, name: input.name, passwordHash });
    await addMembership(tx, { tenantId, userId: user.id, role: "ROLE_MEMBER" });
    if (referrerUserId && referrerUserId !== user.id) await insertReferral(tx, { tenantId, referredUserId: user.id, referrerUserId });
    await recordAudit(tx, { tenantId, actorUserId: user.id, action: "member.joined", target: user.id, fields: referrerUserId ? ["email", "referrer"] : ["email"] });
    const tenant = await getMailTenant(tx, { tenantId });
    await issueEmailVerification(tx, { userId: user.id, email: input.email, sender: tenant?.name ?? "MemberPulse" });
    return { ok: true as const, userId: user.id, referred: !!referrerUserId };
  });
  if (result.ok) await nudgeMailRelay();
  return result;
}

/** The portal a public sign-up names by its slug; undefined when there is none. */
export async function findTenantToJoin(db: Db, { slug }: { slug: string }) {
  return getTenantBySlug(db, { slug });
}
