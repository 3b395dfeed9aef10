"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { getDb } from "@/db";
import { requestPasswordReset } from "@/lib/auth/password-reset";
import { waitText } from "@/lib/auth/throttle";
import type { ActionState } from "@/lib/forms/action-state";
import { clientAddress } from "@/lib/http/client-address";

const emailSchema = z.email("Enter the e-mail address you sign in with.").max(200);

/** Public: anyone may ask (throttled); the answer never says whether the account exists. */
export async function requestPasswordResetAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const parsed = emailSchema.safeParse(String(form.get("email") ?? "").trim().toLowerCase());
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Enter a valid e-mail address." };
  const result = await requestPasswordReset(await getDb(), { email: parsed.data, address: clientAddress(await headers()) });
  if (!result.ok) return { error: `Too many reset requests. Wait ${waitText(result.retryAfterSeconds)}, then try again.` };
  return { ok: true, message: `If ${parsed.data} has an account, a link to reset its password is on its way. It works once, for an hour.` };
}
