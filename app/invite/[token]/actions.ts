"use server";

import { z } from "zod";
import { definePublicAction } from "@/lib/actions/define-action";
import { signIn } from "@/lib/auth";
import { acceptInvite } from "@/lib/members/invite-member";

const schema = z
  .object({ token: z.string().min(20).max(100), password: z.string().min(10, "Use at least 10 characters.").max(200), confirm: z.string() })
  .refine((v) => v.password === v.confirm, { message: "The two passwords differ.", path: ["confirm"] });

/** Sets the password (burning the single-use link), then signs in through the normal credentials flow. */
export const acceptInviteAction = definePublicAction({ name: "invite.accept", schema }, async ({ token, password }, { db }) => {
  const invite = await acceptInvite(db, { token, password });
  if (!invite) return { error: "This invitation link has already been used or has expired. Ask your admin for a new one." };
  // signIn redirects by throwing; a failure (e.g. rate limit) falls back to the sign-in page.
  await signIn("credentials", { email: invite.email, password, redirectTo: `/${invite.tenantSlug}` });
  return { ok: true };
});
