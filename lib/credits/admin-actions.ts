"use server";

import { randomUUID } from "node:crypto";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getMembership } from "@/db/queries/memberships";
import { defineAction } from "@/lib/actions/define-action";
import { adjustCredits, adjustmentSchema } from "@/lib/credits/adjust-credits";
import { formatCredits } from "@/lib/credits/rules";

export const adjustCreditsAction = defineAction(
  {
    permission: "credits.manage",
    name: "credits.adjust",
    schema: adjustmentSchema.extend({ memberId: z.string().min(1).max(100) }),
    labels: { delta: "Credits", reason: "Reason" },
    form: (f) => ({ delta: String(f.get("delta") ?? "").replace(/[\s,]/g, ""), reason: f.get("reason") ?? "", nonce: f.get("nonce") ?? randomUUID() }),
  },
  async ({ memberId, ...input }, { db, actor }) => {
    if (!(await getMembership(db, { tenantId: actor.tenantId, userId: memberId }))) return { error: "This person is not a member of this portal." };
    const result = await adjustCredits(db, { tenantId: actor.tenantId, actorUserId: actor.userId, memberId, input, requestId: actor.requestId });
    revalidatePath(`/${actor.tenantSlug}/admin/members/${memberId}`);
    if (result.status === "duplicate") return { ok: true, message: "This adjustment was already applied." };
    const sign = input.delta > 0 ? "+" : "−";
    return { ok: true, message: `Adjusted by ${sign}${formatCredits(Math.abs(input.delta))} credits. New balance: ${formatCredits(result.balance)}.` };
  },
);
