"use server";

import { AuthError } from "next-auth";
import { z } from "zod";
import { definePublicAction } from "@/lib/actions/define-action";
import { RateLimited, signIn } from "@/lib/auth";
import { waitText } from "@/lib/auth/throttle";
import { credentialsSchema } from "@/lib/auth/verify-credentials";
import { safeCallbackPath } from "@/lib/auth/safe-redirect";
import type { ActionResult, FieldErrors } from "@/lib/actions/action-result";

/** The e-mail goes back (the person need not retype it); the password never does. */
export type SignInData = { email: string };

// Read as typed; credentialsSchema is applied inside so that its messages land next to the inputs only.
const schema = z.object({ email: z.string().max(1000).default(""), password: z.unknown().optional(), callbackUrl: z.unknown().optional() });

export const signInAction = definePublicAction({ name: "sign_in", schema }, async ({ email, password, callbackUrl }): Promise<ActionResult<SignInData>> => {
  const parsed = credentialsSchema.safeParse({ email, password });
  if (!parsed.success) {
    const fieldErrors: FieldErrors = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0];
      if ((key === "email" || key === "password") && !fieldErrors[key]) fieldErrors[key] = issue.message;
    }
    return { fieldErrors, data: { email } };
  }
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: safeCallbackPath(callbackUrl) });
    return {};
  } catch (error) {
    if (error instanceof AuthError) {
      const wait = error instanceof RateLimited ? error.retryAfterSeconds : null;
      return {
        data: { email },
        error: wait !== null ? `Too many failed sign-in attempts. Wait ${waitText(wait)}, then try again.` : "That e-mail and password do not match an account.",
      };
    }
    throw error; // Next's redirect after a successful sign-in travels as an exception
  }
});
