"use server";

import { z } from "zod";
import { getDb } from "@/db";
import { signIn } from "@/lib/auth";
import type { ActionState } from "@/lib/forms/action-state";
import { acceptInvite } from "@/lib/members/invite-member";

const schema = z
  .object({ password: z.string().min(10, "Use at least 10 characters.").max(200), confirm: z.string() })
  .refine((v) => v.password === v.confirm, { message: "The two passwords differ.", path: ["confirm"] });

/** Sets the password (burning the single-use link), then signs in through the normal credentials flow. */
export async function acceptInviteAction(token: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const parsed = schema.safeParse({ password: form.get("password"), confirm: form.get("confirm") });
  if (!parsed.success) return { error: parsed.error.issues.map((i) => i.message).join(" ") };
  const invite = await acceptInvite(await getDb(), { token: z.string().min(20).max(100).parse(token), password: parsed.data.password });
  if (!invite) return { error: "This invitation link has already been used or has expired. Ask your admin for a new one." };
  // signIn redirects by throwing; a failure (e.g. rate limit) falls back to the sign-in page.
  await signIn("credentials", { email: invite.email, password: parsed.data.password, redirectTo: `/${invite.tenantSlug}` });
  return { ok: true };
}
