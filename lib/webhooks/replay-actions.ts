"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { z } from "zod";
import { getDb } from "@/db";
import { recordAudit } from "@/db/queries/audit-log";
import { requireTenant } from "@/lib/auth/session";
import { replayWebhookEvent } from "@/lib/webhooks/replay";

export type ReplayState = { error?: string };

const input = z.object({ slug: z.string().min(1).max(100), eventRowId: z.uuid() });

/** Re-runs a failed or ignored event's projection (idempotent: a processed event is left alone). */
export async function replayEventAction(slug: string, eventRowId: string, _prev: ReplayState): Promise<ReplayState> {
  const parsed = input.safeParse({ slug, eventRowId });
  if (!parsed.success) return { error: "That request was not valid. Reload the page and try again." };
  const { tenant, user } = await requireTenant(parsed.data.slug, "webhooks.replay");
  const db = await getDb();
  const result = await replayWebhookEvent(db, { tenantId: tenant.id, id: parsed.data.eventRowId });
  await recordAudit(db, {
    tenantId: tenant.id,
    actorUserId: user.id,
    action: result.ok ? "webhook.replay" : "webhook.replay_failed",
    target: parsed.data.eventRowId,
    requestId: (await headers()).get("x-request-id"),
  });
  revalidatePath(`/${tenant.slug}/admin/webhooks`);
  // A stale page (another admin, another tab) replaying an event that is done already: say so.
  if (!result.ok && result.reason === "not_replayable") {
    redirect(`/${tenant.slug}/admin/webhooks?event=${encodeURIComponent(result.eventId)}&replayed=duplicate`);
  }
  if (!result.ok) return { error: result.message };
  // The event may no longer match the list's filters (it is not `failed` any more): show it alone,
  // with the outcome, rather than letting it vanish from under the admin's cursor.
  redirect(`/${tenant.slug}/admin/webhooks?event=${encodeURIComponent(result.eventId)}&replayed=${result.outcome}`);
}
