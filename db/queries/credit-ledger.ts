import { and, desc, eq, lt, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { creditBalances, creditLedger, type CreditLedgerEntry, type CreditReason } from "../schema";

type Member = { tenantId: string; userId: string };

export type NewCreditEntry = Member & {
  delta: number;
  reason: CreditReason;
  description: string;
  idempotencyKey: string;
  stripePaymentIntentId?: string | null;
  stripeRefundId?: string | null;
  sourceAmount?: number | null;
  actorUserId?: string | null;
  relatedUserId?: string | null;
};

/**
 * Locks the member's balance row (creating it at 0 when missing), so every writer of this member's
 * credits queues here. Must run inside a transaction; returns the balance as of the lock.
 */
export async function lockBalance(tx: Db, member: Member): Promise<number> {
  // The row exists after a member's first credit: one statement then. Created at 0 only when missing
  // (ON CONFLICT: another transaction may create it first), then locked like any other.
  const locked = await selectBalanceForUpdate(tx, member);
  if (locked !== null) return locked;
  await tx.insert(creditBalances).values({ tenantId: member.tenantId, userId: member.userId, balance: 0 }).onConflictDoNothing();
  const created = await selectBalanceForUpdate(tx, member);
  if (created === null) throw new Error("credit balance row vanished under lock");
  return created;
}

async function selectBalanceForUpdate(tx: Db, { tenantId, userId }: Member): Promise<number | null> {
  const [row] = await tx
    .select({ balance: creditBalances.balance })
    .from(creditBalances)
    .where(and(eq(creditBalances.tenantId, tenantId), eq(creditBalances.userId, userId)))
    .for("update");
  return row ? row.balance : null;
}

export async function findEntryByKey(db: Db, { tenantId, idempotencyKey }: { tenantId: string; idempotencyKey: string }): Promise<CreditLedgerEntry | undefined> {
  const [row] = await db
    .select()
    .from(creditLedger)
    .where(and(eq(creditLedger.tenantId, tenantId), eq(creditLedger.idempotencyKey, idempotencyKey)))
    .limit(1);
  return row;
}

/** Inserts the entry unless its key exists; null on a duplicate key. Caller holds the balance lock. */
export async function insertEntry(tx: Db, entry: NewCreditEntry): Promise<CreditLedgerEntry | null> {
  const [row] = await tx.insert(creditLedger).values(entry).onConflictDoNothing().returning();
  return row ?? null;
}

export async function addToBalance(tx: Db, { tenantId, userId, delta }: Member & { delta: number }): Promise<number> {
  const [row] = await tx
    .update(creditBalances)
    .set({ balance: sql`${creditBalances.balance} + ${delta}`, updatedAt: new Date() })
    .where(and(eq(creditBalances.tenantId, tenantId), eq(creditBalances.userId, userId)))
    .returning({ balance: creditBalances.balance });
  if (!row) throw new Error("credit balance row missing");
  return row.balance;
}

/** The cached balance (0 for a member with no entries yet). */
export async function getBalance(db: Db, { tenantId, userId }: Member): Promise<number> {
  const [row] = await db
    .select({ balance: creditBalances.balance })
    .from(creditBalances)
    .where(and(eq(creditBalances.tenantId, tenantId), eq(creditBalances.userId, userId)));
  return row?.balance ?? 0;
}

/** The truth the cache must equal: the sum of the member's ledger. */
export async function getLedgerSum(db: Db, { tenantId, userId }: Member): Promise<number> {
  const [row] = await db
    .select({ sum: sql<string>`coalesce(sum(${creditLedger.delta}), 0)` })
    .from(creditLedger)
    .where(and(eq(creditLedger.tenantId, tenantId), eq(creditLedger.userId, userId)));
  return Number(row?.sum ?? 0);
}

/** created_at as Postgres text (microseconds kept: a JS Date would drop them and skip rows). */
export type LedgerCursor = { createdAt: string; id: string };

/** Newest first, keyset-paginated on (created_at, id). Fetches limit+1 so the caller knows if there is more. */
export async function listLedger(db: Db, { tenantId, userId, before, limit }: Member & { before?: LedgerCursor; limit: number }) {
  const ts = before ? sql`${before.createdAt}::timestamptz` : null;
  return db
    .select({ entry: creditLedger, cursorTs: sql<string>`${creditLedger.createdAt}::text` })
    .from(creditLedger)
    .where(
      and(
        eq(creditLedger.tenantId, tenantId),
        eq(creditLedger.userId, userId),
        before && ts ? or(sql`${creditLedger.createdAt} < ${ts}`, and(sql`${creditLedger.createdAt} = ${ts}`, lt(creditLedger.id, before.id))) : undefined,
      ),
    )
    .orderBy(desc(creditLedger.createdAt), desc(creditLedger.id))
    .limit(limit + 1);
}

/** The purchase entry a payment granted (refunds claw back a share of it). */
export async function findPurchaseEntry(db: Db, { tenantId, paymentIntentId }: { tenantId: string; paymentIntentId: string }) {
  return findEntryByKey(db, { tenantId, idempotencyKey: `purchase:${paymentIntentId}` });
}
