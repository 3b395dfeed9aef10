import { and, count, eq, gt, lt } from "drizzle-orm";
import type { Db } from "../client";
import { loginAttempts } from "../schema";

export async function countRecentFailures(db: Db, { key, since }: { key: string; since: Date }): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.key, key), eq(loginAttempts.succeeded, false), gt(loginAttempts.attemptedAt, since)));
  return row?.n ?? 0;
}

export async function recordLoginAttempt(db: Db, { key, succeeded }: { key: string; succeeded: boolean }) {
  await db.insert(loginAttempts).values({ key, succeeded });
  if (succeeded) {
    // A successful sign-in clears the failures that counted against this email + IP.
    await db.delete(loginAttempts).where(and(eq(loginAttempts.key, key), eq(loginAttempts.succeeded, false)));
  }
}

export async function pruneLoginAttempts(db: Db, { before }: { before: Date }) {
  await db.delete(loginAttempts).where(lt(loginAttempts.attemptedAt, before));
}
