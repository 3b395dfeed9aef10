import { and, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { emailVerificationTokens, users } from "../schema";

/** A new link for the user; older unused ones stop working. */
export async function insertVerificationToken(db: Db, { userId, tokenHash, expiresAt }: { userId: string; tokenHash: string; expiresAt: Date }) {
  await db.update(emailVerificationTokens).set({ usedAt: sql`now()` }).where(and(eq(emailVerificationTokens.userId, userId), isNull(emailVerificationTokens.usedAt)));
  await db.insert(emailVerificationTokens).values({ userId, tokenHash, expiresAt });
}

/**
 * Uses the link and marks the address verified, in one statement each inside the caller's
 * transaction: only an unused, unexpired token succeeds, so a double click verifies once.
 */
export async function consumeVerificationToken(db: Db, { tokenHash }: { tokenHash: string }): Promise<string | null> {
  const [row] = await db
    .update(emailVerificationTokens)
    .set({ usedAt: sql`now()` })
    .where(and(eq(emailVerificationTokens.tokenHash, tokenHash), isNull(emailVerificationTokens.usedAt), gt(emailVerificationTokens.expiresAt, sql`now()`)))
    .returning({ userId: emailVerificationTokens.userId });
  if (!row) return null;
  await db.update(users).set({ emailVerified: sql`coalesce(${users.emailVerified}, now())` }).where(eq(users.id, row.userId));
  return row.userId;
}

export async function pruneVerificationTokens(db: Db): Promise<number> {
  const dayAgo = sql`now() - interval '1 day'`;
  const rows = await db
    .delete(emailVerificationTokens)
    .where(or(lt(emailVerificationTokens.expiresAt, dayAgo), lt(emailVerificationTokens.usedAt, dayAgo)))
    .returning({ id: emailVerificationTokens.id });
  return rows.length;
}
