"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { ActionResult, OneTimeLink } from "@/lib/actions/action-result";
import { defineAction } from "@/lib/actions/define-action";
import { grantAccess, revokeAccess } from "@/lib/access/grants";
import { env } from "@/lib/env";
import { inviteMember } from "@/lib/members/invite-member";
import { resendInvite, revokeInvite } from "@/lib/members/manage-invites";
import { changeMemberRole, removeMember } from "@/lib/members/manage-membership";
import { roleEnum } from "@/db/schema";

const manage = { permission: "members.manage", name: "members.action" } as const;
const grants = { permission: "grants.manage", name: "members.action" } as const;
const memberId = z.string().min(1).max(100);

function refresh(slug: string) {
  revalidatePath(`/${slug}/admin/members`, "layout");
}

const inviteSchema = z.object({ email: z.email("Enter a valid e-mail address.").max(200), name: z.string().trim().max(100).transform((v) => v || null) });

export const inviteAction = defineAction(
  { ...manage, schema: inviteSchema, form: (f) => ({ email: String(f.get("email") ?? "").trim().toLowerCase(), name: f.get("name") ?? "" }) },
  async ({ email, name }, { db, actor }): Promise<ActionResult<OneTimeLink>> => {
    refresh(actor.tenantSlug);
    const result = await inviteMember(db, { tenantId: actor.tenantId, actorUserId: actor.userId, email, name });
    if (!result.ok) return { error: result.error };
    if (!result.token) return { ok: true, message: `${result.email} already has an account and was added as a member; they sign in as usual.` };
    return { ok: true, message: `Invited ${result.email}: an invitation e-mail is on its way. The link expires in 7 days.`, data: { oneTimeLink: inviteLink(result.token) } };
  },
);

function inviteLink(token: string): string {
  return `${env().APP_URL.replace(/\/$/, "")}/invite/${token}`;
}

/** A fresh link for a pending invitation, e-mailed like the first; the older link stops working. */
export const resendInviteAction = defineAction({ ...manage, schema: z.object({ memberId }) }, async ({ memberId }, { db, actor }): Promise<ActionResult<OneTimeLink>> => {
  refresh(actor.tenantSlug);
  const result = await resendInvite(db, { tenantId: actor.tenantId, actorUserId: actor.userId, userId: memberId });
  if (!result.ok) return { error: result.error };
  return { ok: true, message: `New link e-mailed to ${result.email}; the previous one no longer works. It expires in 7 days.`, data: { oneTimeLink: inviteLink(result.token) } };
});

export const revokeInviteAction = defineAction({ ...manage, schema: z.object({ memberId }) }, async ({ memberId }, { db, actor }) => {
  refresh(actor.tenantSlug);
  const result = await revokeInvite(db, { tenantId: actor.tenantId, actorUserId: actor.userId, userId: memberId });
  return result.ok ? { ok: true, message: `Invitation for ${result.email} withdrawn.` } : { error: result.error };
});

const grantSchema = z.object({
  memberId,
  entitlementSetId: z.uuid("Choose an entitlement set."),
  reason: z.string().trim().min(1, "Give a reason (it is kept in the history).").max(300),
  endsOn: z
    .string()
    .trim()
    .transform((v) => (v ? new Date(`${v}T23:59:59Z`) : null))
    .refine((d) => d === null || (!Number.isNaN(d.getTime()) && d.getTime() > Date.now()), "The end date must be in the future."),
});

export const grantAction = defineAction(
  { ...grants, schema: grantSchema, form: (f) => ({ entitlementSetId: f.get("entitlementSetId"), reason: f.get("reason") ?? "", endsOn: f.get("endsOn") ?? "" }) },
  async (input, { db, actor }) => {
    refresh(actor.tenantSlug);
    const grant = await grantAccess(db, { tenantId: actor.tenantId, actorUserId: actor.userId, userId: input.memberId, entitlementSetId: input.entitlementSetId, reason: input.reason, endsAt: input.endsOn });
    return grant ? { ok: true, message: "Access granted." } : { error: "That member or entitlement set no longer exists." };
  },
);

export const revokeAction = defineAction({ ...grants, schema: z.object({ grantId: z.uuid() }) }, async ({ grantId }, { db, actor }) => {
  refresh(actor.tenantSlug);
  const revoked = await revokeAccess(db, { tenantId: actor.tenantId, actorUserId: actor.userId, grantId });
  return revoked ? { ok: true, message: "Grant revoked." } : { error: "This grant was already revoked." };
});

export const changeRoleAction = defineAction({ ...manage, schema: z.object({ memberId, role: z.enum(roleEnum.enumValues, { error: "Choose a role." }) }) }, async ({ memberId, role }, { db, actor }) => {
  refresh(actor.tenantSlug);
  const result = await changeMemberRole(db, { tenantId: actor.tenantId, actorUserId: actor.userId, userId: memberId, role });
  return result.ok ? { ok: true, message: "Role saved. It applies from their next click, and to API keys they made." } : { error: result.error };
});

export const removeMemberAction = defineAction({ ...manage, schema: z.object({ memberId }) }, async ({ memberId }, { db, actor }) => {
  refresh(actor.tenantSlug);
  const result = await removeMember(db, { tenantId: actor.tenantId, actorUserId: actor.userId, userId: memberId });
  if (!result.ok) return { error: result.error };
  redirect(`/${actor.tenantSlug}/admin/members?removed=1`);
});
