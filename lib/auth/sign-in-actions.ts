"use server";

import { AuthError } from "next-auth";
import { RateLimited, signIn } from "@/lib/auth";
import { waitText } from "@/lib/auth/throttle";
import { credentialsSchema } from "@/lib/auth/verify-credentials";
import { safeCallbackPath } from "@/lib/auth/safe-redirect";

export type SignInState = { error?: string; fieldErrors?: Partial<Record<"email" | "password", string>>; email?: string };

export async function signInAction(_prev: SignInState, form: FormData): Promise<SignInState> {
  const email = String(form.get("email") ?? "");
  const parsed = credentialsSchema.safeParse({ email, password: form.get("password") });
  if (!parsed.success) {
    const fieldErrors: SignInState["fieldErrors"] = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0];
      if ((key === "email" || key === "password") && !fieldErrors[key]) fieldErrors[key] = issue.message;
    }
    // The password is never sent back to the browser; the e-mail is, so the user need not retype it.
    return { fieldErrors, email };
  }
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: safeCallbackPath(form.get("callbackUrl")) });
    return {};
  } catch (error) {
    if (error instanceof AuthError) {
      const wait = error instanceof RateLimited ? error.retryAfterSeconds : null;
      return {
        email,
        error:
          wait !== null
            ? `Too many failed sign-in attempts. Wait ${waitText(wait)}, then try again.`
            : "That e-mail and password do not match an account.",
      };
    }
    throw error; // Next's redirect after a successful sign-in travels as an exception
  }
}
