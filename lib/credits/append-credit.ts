import type { Db } from "@/db/client";
import { addToBalance, findEntryByKey, insertEntry, lockBalance, type NewCreditEntry } from "@/db/queries/credit-ledger";
import type { CreditLedgerEntry } from "@/db/schema";

export type AppendResult =
  | { status: "applied"; entry: CreditLedgerEntry; balance: number }
  | { status: "duplicate"; entry: CreditLedgerEntry; balance: number }
  | { status: "insufficient"; balance: number };

/**
 * The only way credits change. Inside the caller's transaction: lock the member's balance row, and
 * unless the idempotency key was already used, append the entry and move the cached balance by the
 * same delta — so the cache always equals the ledger sum. `mustStayCovered` (spends) refuses a
 * debit the balance cannot cover; clawbacks and adjustments may take the balance below zero.
 */
export async function appendCredit(tx: Db, entry: NewCreditEntry, opts: { mustStayCovered?: boolean } = {}): Promise<AppendResult> {
  if (!Number.isSafeInteger(entry.delta) || entry.delta === 0) throw new Error(`credit delta must be a non-zero integer, got ${entry.delta}`);
  const balance = await lockBalance(tx, entry);
  // A spend must not be refused for want of credits when its key was used already (a retried
  // request): look the key up before the balance check. Everything else inserts straight away and
  // looks the key up only when the insert finds it taken.
  if (opts.mustStayCovered && entry.delta < 0) {
    const existing = await findEntryByKey(tx, entry);
    if (existing) return { status: "duplicate", entry: existing, balance };
    if (balance + entry.delta < 0) return { status: "insufficient", balance };
  }
  const inserted = await insertEntry(tx, entry);
  // The key is unique per tenant; a different member's entry may hold it (never for our own keys,
  // which embed the member or a Stripe id). Treat that as a duplicate rather than double-count.
  if (!inserted) {
    const winner = await findEntryByKey(tx, entry);
    if (!winner) throw new Error("credit entry conflict without a row");
    return { status: "duplicate", entry: winner, balance };
  }
  return { status: "applied", entry: inserted, balance: await addToBalance(tx, { ...entry, delta: entry.delta }) };
}

/** Runs appendCredit in its own transaction (API spends, admin adjustments). */
export function appendCreditTx(db: Db, entry: NewCreditEntry, opts: { mustStayCovered?: boolean } = {}): Promise<AppendResult> {
  return db.transaction((tx) => appendCredit(tx, entry, opts));
}
