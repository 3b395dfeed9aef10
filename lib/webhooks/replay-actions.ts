"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { replayWebhookEvent } from "@/lib/webhooks/replay";

/** Re-runs a failed or ignored event's projection (idempotent: a processed event is left alone). */
export const replayEventAction = defineAction(
  { permission: "webhooks.replay", name: "webhooks.replay", schema: z.object({ eventRowId: z.uuid() }) },
  async ({ eventRowId }, { db, tenant, audit }) => {
    const result = await replayWebhookEvent(db, { tenantId: tenant.id, id: eventRowId });
    // Failed replays are audited too: the admin's attempt is part of the event's history.
    await audit({ action: result.ok ? "webhook.replay" : "webhook.replay_failed", target: eventRowId });
    revalidatePath(`/${tenant.slug}/admin/webhooks`);
    // A stale page (another admin, another tab) replaying an event that is done already: say so.
    if (!result.ok && result.reason === "not_replayable") {
      redirect(`/${tenant.slug}/admin/webhooks?event=${encodeURIComponent(result.eventId)}&replayed=duplicate`);
    }
    if (!result.ok) return { error: result.message };
    // The event may no longer match the list's filters (it is not `failed` any more): show it alone,
    // with the outcome, rather than letting it vanish from under the admin's cursor.
    redirect(`/${tenant.slug}/admin/webhooks?event=${encodeURIComponent(result.eventId)}&replayed=${result.outcome}`);
  },
);
