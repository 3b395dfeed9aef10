"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { definePublicAction } from "@/lib/actions/define-action";
import { resetPassword } from "@/lib/auth/password-reset";

const schema = z
  .object({ token: z.string().max(200), password: z.string().min(10, "Use at least 10 characters.").max(200), confirm: z.string() })
  .refine((v) => v.password === v.confirm, { message: "The two passwords differ.", path: ["confirm"] });

const TOKEN = z.string().min(20).max(100);

/**
 * Public, authorised by the one-time token itself. Sets the password, burns the link and ends every
 * session of the account, then sends the person to sign in with the new password.
 */
export const resetPasswordAction = definePublicAction({ name: "password_reset.reset", schema }, async ({ token, password }, { db }) => {
  const safeToken = TOKEN.safeParse(token);
  const user = safeToken.success ? await resetPassword(db, { token: safeToken.data, password }) : null;
  if (!user) return { error: "This reset link has already been used, was replaced by a newer one, or has expired. Ask for a new one." };
  redirect("/sign-in?reset=1");
});
