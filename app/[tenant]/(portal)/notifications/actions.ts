"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { resendEmailVerification } from "@/lib/auth/email-verification";
import { waitText } from "@/lib/auth/throttle";
import { OPTIONAL_NOTICES } from "@/lib/mail/notice-preferences";
import { saveNoticeSettings } from "@/lib/mail/notice-settings";

/** The checkboxes: a ticked one arrives as "on", an unticked one not at all. */
const schema = z.object({ notices: z.array(z.enum(Object.keys(OPTIONAL_NOTICES) as [keyof typeof OPTIONAL_NOTICES])).max(10) });

/** A member's own notices, in this tenant only: the actor's ids come from the session, never the form. */
export const saveNoticesAction = defineAction(
  { permission: "portal.view", name: "notices.save", schema, form: (f) => ({ notices: f.getAll("notices").map(String) }), invalid: "That request was not valid. Reload the page and try again." },
  async ({ notices }, { db, actor }) => {
    await saveNoticeSettings(db, { tenantId: actor.tenantId, userId: actor.userId }, new Set(notices));
    revalidatePath(`/${actor.tenantSlug}/notifications`);
    return { ok: true, message: "Saved. Mail about payments you owe is always sent." };
  },
);

/** "Resend verification link": the signed-in user's own address only (the id comes from the session). */
export const resendVerificationAction = defineAction({ permission: "portal.view", name: "email.verify_resend", schema: z.object({}) }, async (_input, { db, actor }) => {
  const outcome = await resendEmailVerification(db, { userId: actor.userId, tenantId: actor.tenantId });
  if (outcome.kind === "throttled") return { error: `Too many links asked for. Try again in ${waitText(outcome.retryAfterSeconds)}.` };
  if (outcome.kind === "already_verified") return { ok: true, message: "Your e-mail address is already confirmed." };
  return { ok: true, message: `Sent: a new link is on its way to ${outcome.email}. Earlier links no longer work.` };
});
