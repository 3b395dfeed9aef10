"use server";

import { z } from "zod";
import { definePublicAction } from "@/lib/actions/define-action";
import { verifyEmail } from "@/lib/auth/email-verification";

/** Public: the one-time token is the credential; it can only confirm the address it was sent to. */
export const verifyEmailAction = definePublicAction({ name: "email.verify", schema: z.object({ token: z.string().min(1).max(200) }) }, async ({ token }, { db }) => {
  if (!(await verifyEmail(db, token))) return { error: "This link was already used or has expired. Signing in still works; ask for a new link from the portal later." };
  return { ok: true, message: "Thank you: your e-mail address is confirmed." };
});
