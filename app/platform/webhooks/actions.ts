"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { definePublicAction } from "@/lib/actions/define-action";
import { replayPlatformEvent } from "@/lib/platform-billing/console-billing";
import { requirePlatformAdmin } from "@/lib/platform/require-operator";

/** Replays a failed or ignored platform event (operator only, checked first on the server). */
export const replayPlatformEventAction = definePublicAction({ schema: z.object({ id: z.uuid() }), name: "platform.webhook_replay", invalid: "No such event." }, async ({ id }, { db }) => {
  const operator = await requirePlatformAdmin();
  const result = await replayPlatformEvent(db, { userId: operator.id }, { id });
  revalidatePath("/platform/webhooks");
  return { ok: true, message: `Replayed: ${result.outcome}${result.note ? ` (${result.note})` : ""}.` };
});
