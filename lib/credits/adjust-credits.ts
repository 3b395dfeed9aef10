import { z } from "zod";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit-log";
import { MAX_CREDITS_PER_ENTRY } from "@/lib/money";
import { appendCredit, type AppendResult } from "./append-credit";

export const adjustmentSchema = z.object({
  delta: z.coerce
    .number("Enter a whole number of credits, e.g. 500 or -200.")
    .int("Enter a whole number of credits, e.g. 500 or -200.")
    .refine((n) => n !== 0, "The adjustment cannot be zero.")
    .refine((n) => Math.abs(n) <= MAX_CREDITS_PER_ENTRY, "At most 10,000,000 credits at a time."),
  reason: z.string().trim().min(3, "Give a reason (the member sees it in their history).").max(300, "Use at most 300 characters."),
  /** Generated when the form is rendered: a double submit of the same form adjusts once. */
  nonce: z.uuid(),
});
export type AdjustmentInput = z.infer<typeof adjustmentSchema>;

/**
 * An admin's manual adjustment: one ledger entry (which may take the balance below zero — the
 * admin decides) and one audit record naming the fields, never the values, in one transaction.
 */
export async function adjustCredits(
  db: Db,
  { tenantId, actorUserId, memberId, input, requestId }: { tenantId: string; actorUserId: string; memberId: string; input: AdjustmentInput; requestId?: string | null },
): Promise<AppendResult> {
  return db.transaction(async (tx) => {
    const result = await appendCredit(tx, {
      tenantId,
      userId: memberId,
      delta: input.delta,
      reason: "admin_adjustment",
      description: input.reason,
      idempotencyKey: `admin:${input.nonce}`,
      actorUserId,
    });
    if (result.status === "applied") {
      await recordAudit(tx, { tenantId, actorUserId, action: "credits.adjusted", target: memberId, fields: ["delta", "reason"], requestId: requestId ?? null });
    }
    return result;
  });
}
