"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { grantAccess, revokeAccess } from "@/lib/access/grants";
import { requireTenant } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { zodMessage, type ActionState } from "@/lib/forms/action-state";
import { inviteMember } from "@/lib/members/invite-member";
import { resendInvite, revokeInvite } from "@/lib/members/manage-invites";
import { changeMemberRole, removeMember } from "@/lib/members/manage-membership";
import { roleEnum } from "@/db/schema";

async function ctx(slug: unknown, permission: "members.manage" | "grants.manage") {
  const { tenant, user } = await requireTenant(z.string().min(1).max(100).parse(slug), permission);
  revalidatePath(`/${tenant.slug}/admin/members`, "layout");
  return { db: await getDb(), tenantId: tenant.id, actorUserId: user.id };
}

const inviteSchema = z.object({ email: z.email("Enter a valid e-mail address.").max(200), name: z.string().trim().max(100).transform((v) => v || null) });

export async function inviteAction(slug: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const c = await ctx(slug, "members.manage");
  const parsed = inviteSchema.safeParse({ email: String(form.get("email") ?? "").trim().toLowerCase(), name: form.get("name") ?? "" });
  if (!parsed.success) return { error: zodMessage(parsed.error) };
  const result = await inviteMember(c.db, { ...c, email: parsed.data.email, name: parsed.data.name });
  if (!result.ok) return { error: result.error };
  if (!result.token) return { ok: true, message: `${result.email} already has an account and was added as a member; they sign in as usual.` };
  return { ok: true, message: `Invited ${result.email}: an invitation e-mail is on its way. The link expires in 7 days.`, secret: inviteLink(result.token) };
}

function inviteLink(token: string): string {
  return `${env().APP_URL.replace(/\/$/, "")}/invite/${token}`;
}

/** A fresh link for a pending invitation; the older link stops working. */
export async function resendInviteAction(slug: string, memberId: string, _prev: ActionState): Promise<ActionState> {
  const c = await ctx(slug, "members.manage");
  const result = await resendInvite(c.db, { ...c, userId: z.string().min(1).max(100).parse(memberId) });
  if (!result.ok) return { error: result.error };
  return { ok: true, message: `New link e-mailed to ${result.email}; the previous one no longer works. It expires in 7 days.`, secret: inviteLink(result.token) };
}

export async function revokeInviteAction(slug: string, memberId: string, _prev: ActionState): Promise<ActionState> {
  const c = await ctx(slug, "members.manage");
  const result = await revokeInvite(c.db, { ...c, userId: z.string().min(1).max(100).parse(memberId) });
  return result.ok ? { ok: true, message: `Invitation for ${result.email} withdrawn.` } : { error: result.error };
}

const grantSchema = z.object({
  entitlementSetId: z.uuid("Choose an entitlement set."),
  reason: z.string().trim().min(1, "Give a reason (it is kept in the history).").max(300),
  endsOn: z
    .string()
    .trim()
    .transform((v) => (v ? new Date(`${v}T23:59:59Z`) : null))
    .refine((d) => d === null || (!Number.isNaN(d.getTime()) && d.getTime() > Date.now()), "The end date must be in the future."),
});

export async function grantAction(slug: string, memberId: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const c = await ctx(slug, "grants.manage");
  const parsed = grantSchema.safeParse({ entitlementSetId: form.get("entitlementSetId"), reason: form.get("reason") ?? "", endsOn: form.get("endsOn") ?? "" });
  if (!parsed.success) return { error: zodMessage(parsed.error) };
  const grant = await grantAccess(c.db, { ...c, userId: z.string().min(1).parse(memberId), entitlementSetId: parsed.data.entitlementSetId, reason: parsed.data.reason, endsAt: parsed.data.endsOn });
  return grant ? { ok: true, message: "Access granted." } : { error: "That member or entitlement set no longer exists." };
}

export async function revokeAction(slug: string, grantId: string, _prev: ActionState): Promise<ActionState> {
  const c = await ctx(slug, "grants.manage");
  const revoked = await revokeAccess(c.db, { ...c, grantId: z.uuid().parse(grantId) });
  return revoked ? { ok: true, message: "Grant revoked." } : { error: "This grant was already revoked." };
}

export async function changeRoleAction(slug: string, memberId: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const c = await ctx(slug, "members.manage");
  const role = z.enum(roleEnum.enumValues, { error: "Choose a role." }).safeParse(form.get("role"));
  if (!role.success) return { error: zodMessage(role.error) };
  const result = await changeMemberRole(c.db, { ...c, userId: z.string().min(1).max(100).parse(memberId), role: role.data });
  return result.ok ? { ok: true, message: "Role saved. It applies from their next click, and to API keys they made." } : { error: result.error };
}

export async function removeMemberAction(slug: string, memberId: string, _prev: ActionState): Promise<ActionState> {
  const c = await ctx(slug, "members.manage");
  const result = await removeMember(c.db, { ...c, userId: z.string().min(1).max(100).parse(memberId) });
  if (!result.ok) return { error: result.error };
  redirect(`/${z.string().parse(slug)}/admin/members?removed=1`);
}
