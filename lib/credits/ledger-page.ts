import { z } from "zod";
import type { Db } from "@/db/client";
import { getBalance, listLedger, type LedgerCursor } from "@/db/queries/credit-ledger";
import type { CreditReason } from "@/db/schema";
import { DomainError } from "@/lib/errors/domain-error";
import { CREDIT_REASON_LABELS } from "./rules";

export type CreditEntryView = {
  id: string;
  delta: number;
  reason: CreditReason;
  reasonLabel: string;
  description: string;
  createdAt: Date;
  stripePaymentIntentId: string | null;
  stripeRefundId: string | null;
};

const cursorSchema = z.object({ t: z.string().max(64), id: z.uuid() });

function encodeCursor(c: LedgerCursor): string {
  return Buffer.from(JSON.stringify({ t: c.createdAt, id: c.id })).toString("base64url");
}

function decodeCursor(raw: string): LedgerCursor {
  try {
    const parsed = cursorSchema.parse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
    if (Number.isNaN(Date.parse(parsed.t))) throw new Error("bad time");
    return { createdAt: parsed.t, id: parsed.id };
  } catch {
    throw new DomainError("validation_failed", "cursor: not a cursor this API returned.", "cursor");
  }
}

/** One page of a member's ledger, newest first; `nextCursor` continues after the last entry. */
export async function readLedgerPage(db: Db, { tenantId, userId, cursor, limit }: { tenantId: string; userId: string; cursor?: string | null; limit: number }) {
  const rows = await listLedger(db, { tenantId, userId, before: cursor ? decodeCursor(cursor) : undefined, limit });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const entries: CreditEntryView[] = page.map(({ entry: e }) => ({
    id: e.id,
    delta: e.delta,
    reason: e.reason,
    reasonLabel: CREDIT_REASON_LABELS[e.reason],
    description: e.description,
    createdAt: e.createdAt,
    stripePaymentIntentId: e.stripePaymentIntentId,
    stripeRefundId: e.stripeRefundId,
  }));
  return { entries, nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.cursorTs, id: last.entry.id }) : null };
}

/** The API shape of an entry (snake_case, like the rest of the API). */
export function toApiEntry(e: CreditEntryView) {
  return {
    id: e.id,
    object: "credit_ledger_entry",
    delta: e.delta,
    reason: e.reason,
    reason_label: e.reasonLabel,
    description: e.description,
    created_at: e.createdAt.toISOString(),
    payment_intent: e.stripePaymentIntentId,
    refund: e.stripeRefundId,
  };
}

/** An admin's view of one member's credits: balance and the most recent ledger entries. */
export async function loadMemberCredits(db: Db, member: { tenantId: string; userId: string }) {
  const [balance, page] = await Promise.all([getBalance(db, member), readLedgerPage(db, { ...member, limit: 15 })]);
  return { balance, page };
}

export type MemberCredits = Awaited<ReturnType<typeof loadMemberCredits>>;
