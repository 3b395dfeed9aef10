"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { definePublicAction } from "@/lib/actions/define-action";
import { requestPasswordReset } from "@/lib/auth/password-reset";
import { waitText } from "@/lib/auth/throttle";
import { clientAddress } from "@/lib/http/client-address";

const schema = z.object({ email: z.email("Enter the e-mail address you sign in with.").max(200) });

/** Public: anyone may ask (throttled); the answer never says whether the account exists. */
export const requestPasswordResetAction = definePublicAction(
  { name: "password_reset.request", schema, form: (f) => ({ email: String(f.get("email") ?? "").trim().toLowerCase() }) },
  async ({ email }, { db }) => {
    const result = await requestPasswordReset(db, { email, address: clientAddress(await headers()) });
    if (!result.ok) return { error: `Too many reset requests. Wait ${waitText(result.retryAfterSeconds)}, then try again.` };
    return { ok: true, message: `If ${email} has an account, a link to reset its password is on its way. It works once, for an hour.` };
  },
);
