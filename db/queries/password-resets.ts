import { and, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { passwordResetTokens } from "../schema";

/** A new link for the user; any older unused link of theirs stops working (only the latest counts). */
export async function insertResetToken(db: Db, { userId, tokenHash, expiresAt }: { userId: string; tokenHash: string; expiresAt: Date }) {
  await db.update(passwordResetTokens).set({ usedAt: sql`now()` }).where(and(eq(passwordResetTokens.userId, userId), isNull(passwordResetTokens.usedAt)));
  await db.insert(passwordResetTokens).values({ userId, tokenHash, expiresAt });
}

/** Is this link still good (unused, unexpired)? For the page, before the person types a password. */
export async function findUsableResetToken(db: Db, { tokenHash }: { tokenHash: string }) {
  const [row] = await db
    .select({ userId: passwordResetTokens.userId })
    .from(passwordResetTokens)
    .where(and(eq(passwordResetTokens.tokenHash, tokenHash), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, sql`now()`)))
    .limit(1);
  return row ?? null;
}

/**
 * Uses the link: one UPDATE that only succeeds on an unused, unexpired token, so two submissions of
 * the same link cannot both set a password. Answers the user, or null.
 */
export async function consumeResetToken(db: Db, { tokenHash }: { tokenHash: string }): Promise<string | null> {
  const [row] = await db
    .update(passwordResetTokens)
    .set({ usedAt: sql`now()` })
    .where(and(eq(passwordResetTokens.tokenHash, tokenHash), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, sql`now()`)))
    .returning({ userId: passwordResetTokens.userId });
  return row?.userId ?? null;
}

/** Links used or expired for a day are of no further use. Answers how many went. */
export async function pruneResetTokens(db: Db): Promise<number> {
  const dayAgo = sql`now() - interval '1 day'`;
  const rows = await db
    .delete(passwordResetTokens)
    .where(or(lt(passwordResetTokens.expiresAt, dayAgo), lt(passwordResetTokens.usedAt, dayAgo)))
    .returning({ id: passwordResetTokens.id });
  return rows.length;
}
