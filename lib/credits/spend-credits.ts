import type { Db } from "@/db/client";
import type { CreditLedgerEntry } from "@/db/schema";
import { DomainError } from "@/lib/errors/domain-error";
import { MAX_CREDITS_PER_ENTRY } from "@/lib/money";
import { appendCreditTx } from "./append-credit";

export type SpendInput = { tenantId: string; userId: string; amount: number; description: string; idempotencyKey: string };
export type SpendResult = { entry: CreditLedgerEntry; balance: number; replayed: boolean };

/**
 * Debits credits under the member's balance row lock, so concurrent spends queue and none can take
 * the balance below zero. The caller's idempotency key is scoped to the member: a retry with the
 * same key returns the first spend instead of spending again; the same key for a different amount
 * or description is a conflict rather than a silent replay.
 */
export async function spendCredits(db: Db, input: SpendInput): Promise<SpendResult> {
  if (!Number.isSafeInteger(input.amount) || input.amount < 1 || input.amount > MAX_CREDITS_PER_ENTRY) {
    throw new DomainError("validation_failed", "amount: a whole number of credits from 1 to 10,000,000.", "amount");
  }
  const result = await appendCreditTx(
    db,
    {
      tenantId: input.tenantId,
      userId: input.userId,
      delta: -input.amount,
      reason: "spend",
      description: input.description,
      idempotencyKey: `spend:${input.userId}:${input.idempotencyKey}`,
    },
    { mustStayCovered: true },
  );
  if (result.status === "insufficient") {
    throw new DomainError("insufficient_credits", `Not enough credits: this needs ${input.amount} and the balance is ${result.balance}.`);
  }
  if (result.status === "duplicate") {
    if (result.entry.userId !== input.userId || result.entry.delta !== -input.amount || result.entry.description !== input.description) {
      throw new DomainError("conflict", "This idempotency key was already used for a different spend.", "idempotency_key");
    }
    return { entry: result.entry, balance: result.balance, replayed: true };
  }
  return { entry: result.entry, balance: result.balance, replayed: false };
}
