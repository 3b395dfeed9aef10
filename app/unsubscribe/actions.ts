"use server";

import { z } from "zod";
import { definePublicAction } from "@/lib/actions/define-action";
import { unsubscribeWithToken } from "@/lib/mail/notice-settings";

/** Public: the signed token is the only credential (it can only ever turn one notice off). */
export const unsubscribeAction = definePublicAction({ name: "mail.unsubscribe", schema: z.object({ token: z.string().min(1).max(1000) }) }, async ({ token }, { db }) => {
  const result = await unsubscribeWithToken(db, token);
  if (!result.ok) return { error: "This unsubscribe link is not valid. Sign in and change your notices in the portal instead." };
  return { ok: true, message: `Done: you will no longer receive ${result.label.toLowerCase()} from ${result.tenantName}. You can turn them back on under E-mail notices in the portal.` };
});
