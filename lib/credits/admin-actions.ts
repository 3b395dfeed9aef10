"use server";

import { randomUUID } from "node:crypto";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { getDb } from "@/db";
import { getMembership } from "@/db/queries/memberships";
import { requireTenant } from "@/lib/auth/session";
import { adjustCredits, adjustmentSchema } from "@/lib/credits/adjust-credits";
import { formatCredits } from "@/lib/credits/rules";
import { zodMessage, type ActionState } from "@/lib/forms/action-state";

export async function adjustCreditsAction(slug: string, memberId: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const { tenant, user } = await requireTenant(z.string().min(1).max(100).parse(slug), "credits.manage");
  const db = await getDb();
  if (!(await getMembership(db, { tenantId: tenant.id, userId: memberId }))) return { error: "This person is not a member of this portal." };
  const parsed = adjustmentSchema.safeParse({ delta: String(form.get("delta") ?? "").replace(/[\s,]/g, ""), reason: form.get("reason") ?? "", nonce: form.get("nonce") ?? randomUUID() });
  if (!parsed.success) return { error: zodMessage(parsed.error, { delta: "Credits", reason: "Reason" }) };
  const result = await adjustCredits(db, { tenantId: tenant.id, actorUserId: user.id, memberId, input: parsed.data, requestId: (await headers()).get("x-request-id") });
  revalidatePath(`/${tenant.slug}/admin/members/${memberId}`);
  if (result.status === "duplicate") return { ok: true, message: "This adjustment was already applied." };
  const sign = parsed.data.delta > 0 ? "+" : "−";
  return { ok: true, message: `Adjusted by ${sign}${formatCredits(Math.abs(parsed.data.delta))} credits. New balance: ${formatCredits(result.balance)}.` };
}
