"use server";

import { z } from "zod";
import type { UndoData } from "@/components/mail/unsubscribe-with-undo";
import { definePublicAction } from "@/lib/actions/define-action";
import { resubscribeWithToken, unsubscribeWithToken } from "@/lib/mail/notice-settings";

const tokenSchema = z.object({ token: z.string().min(1).max(1000) });

/** Public: the signed token is the only credential (it can only ever turn one notice off). */
export const unsubscribeAction = definePublicAction<typeof tokenSchema, UndoData>({ name: "mail.unsubscribe", schema: tokenSchema }, async ({ token }, { db }) => {
  const result = await unsubscribeWithToken(db, token);
  if (!result.ok) return { error: "This unsubscribe link is not valid. Sign in and change your notices in the portal instead." };
  return {
    ok: true,
    message: `Done: you will no longer receive ${result.label.toLowerCase()} from ${result.tenantName}. You can turn them back on under E-mail notices in the portal.`,
    data: { undoToken: result.undoToken },
  };
});

/** Public: "Undo" after unsubscribing; its signed token (handed out by the unsubscribe) only turns that notice back on. */
export const undoUnsubscribeAction = definePublicAction({ name: "mail.resubscribe", schema: tokenSchema }, async ({ token }, { db }) => {
  const result = await resubscribeWithToken(db, token);
  if (!result.ok) return { error: "This undo link is not valid. Sign in and change your notices in the portal instead." };
  return { ok: true, message: `Undone: you will receive ${result.label.toLowerCase()} from ${result.tenantName} again.` };
});
