"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { resetPassword } from "@/lib/auth/password-reset";
import type { ActionState } from "@/lib/forms/action-state";

const schema = z
  .object({ password: z.string().min(10, "Use at least 10 characters.").max(200), confirm: z.string() })
  .refine((v) => v.password === v.confirm, { message: "The two passwords differ.", path: ["confirm"] });

/**
 * Public, authorised by the one-time token itself. Sets the password, burns the link and ends every
 * session of the account, then sends the person to sign in with the new password.
 */
export async function resetPasswordAction(token: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const parsed = schema.safeParse({ password: form.get("password"), confirm: form.get("confirm") });
  if (!parsed.success) return { error: parsed.error.issues.map((i) => i.message).join(" ") };
  const safeToken = z.string().min(20).max(100).safeParse(token);
  const user = safeToken.success ? await resetPassword(await getDb(), { token: safeToken.data, password: parsed.data.password }) : null;
  if (!user) return { error: "This reset link has already been used, was replaced by a newer one, or has expired. Ask for a new one." };
  redirect("/sign-in?reset=1");
}
