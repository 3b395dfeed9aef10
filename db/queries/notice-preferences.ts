import { and, eq } from "drizzle-orm";
import type { Db } from "../client";
import { noticeOptOuts } from "../schema";

type Key = { tenantId: string; userId: string };

export async function isOptedOut(db: Db, { tenantId, userId, notice }: Key & { notice: string }): Promise<boolean> {
  const [row] = await db
    .select({ notice: noticeOptOuts.notice })
    .from(noticeOptOuts)
    .where(and(eq(noticeOptOuts.tenantId, tenantId), eq(noticeOptOuts.userId, userId), eq(noticeOptOuts.notice, notice)))
    .limit(1);
  return !!row;
}

export async function listOptOuts(db: Db, { tenantId, userId }: Key): Promise<string[]> {
  const rows = await db.select({ notice: noticeOptOuts.notice }).from(noticeOptOuts).where(and(eq(noticeOptOuts.tenantId, tenantId), eq(noticeOptOuts.userId, userId)));
  return rows.map((r) => r.notice);
}

/** Turns a notice off (idempotent: a second click or a replayed one-click POST changes nothing). */
export async function optOut(db: Db, { tenantId, userId, notice, source }: Key & { notice: string; source: "settings" | "unsubscribe_link" }): Promise<boolean> {
  const rows = await db.insert(noticeOptOuts).values({ tenantId, userId, notice, source }).onConflictDoNothing().returning({ notice: noticeOptOuts.notice });
  return rows.length === 1;
}

export async function optIn(db: Db, { tenantId, userId, notice }: Key & { notice: string }) {
  await db.delete(noticeOptOuts).where(and(eq(noticeOptOuts.tenantId, tenantId), eq(noticeOptOuts.userId, userId), eq(noticeOptOuts.notice, notice)));
}
