import { randomBytes } from "node:crypto";
import { and, count, eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { memberships, referralCodes, referrals, type ReferralStatus } from "../schema";

// No 0/O/1/I/L: codes are read aloud and typed from screenshots.
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

function newCode(): string {
  const bytes = randomBytes(8);
  return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join("");
}

/** The member's code in this tenant, created on first use (a unique clash just retries). */
export async function getOrCreateReferralCode(db: Db, { tenantId, userId }: { tenantId: string; userId: string }): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const [existing] = await db
      .select({ code: referralCodes.code })
      .from(referralCodes)
      .where(and(eq(referralCodes.tenantId, tenantId), eq(referralCodes.userId, userId)));
    if (existing) return existing.code;
    await db.insert(referralCodes).values({ tenantId, userId, code: newCode() }).onConflictDoNothing();
  }
  throw new Error("could not allocate a referral code");
}

/** The member of THIS tenant who owns the code (a code from another tenant finds nobody). */
export async function findReferrerByCode(db: Db, { tenantId, code }: { tenantId: string; code: string }): Promise<string | null> {
  const [row] = await db
    .select({ userId: referralCodes.userId })
    .from(referralCodes)
    .innerJoin(memberships, and(eq(memberships.tenantId, referralCodes.tenantId), eq(memberships.userId, referralCodes.userId)))
    .where(and(eq(referralCodes.tenantId, tenantId), eq(referralCodes.code, code.trim().toUpperCase())));
  return row?.userId ?? null;
}

export async function insertReferral(db: Db, { tenantId, referredUserId, referrerUserId }: { tenantId: string; referredUserId: string; referrerUserId: string }) {
  await db.insert(referrals).values({ tenantId, referredUserId, referrerUserId }).onConflictDoNothing();
}

/** The referral of a referred member, row-locked: purchases and refunds of that member decide it one at a time. */
export async function lockReferralOf(tx: Db, { tenantId, referredUserId }: { tenantId: string; referredUserId: string }) {
  const [row] = await tx
    .select()
    .from(referrals)
    .where(and(eq(referrals.tenantId, tenantId), eq(referrals.referredUserId, referredUserId)))
    .for("update");
  return row;
}

export async function decideReferral(
  tx: Db,
  { tenantId, id, status, firstPaymentIntentId, firstPaymentAmount }: { tenantId: string; id: string; status: ReferralStatus; firstPaymentIntentId?: string; firstPaymentAmount?: number },
) {
  await tx
    .update(referrals)
    .set({ status, decidedAt: sql`now()`, ...(firstPaymentIntentId ? { firstPaymentIntentId, firstPaymentAmount } : {}) })
    .where(and(eq(referrals.tenantId, tenantId), eq(referrals.id, id)));
}

/** How many people joined with the member's code, and how many of them earned the reward. */
export async function referralStats(db: Db, { tenantId, referrerUserId }: { tenantId: string; referrerUserId: string }) {
  const rows = await db
    .select({ status: referrals.status, n: count() })
    .from(referrals)
    .where(and(eq(referrals.tenantId, tenantId), eq(referrals.referrerUserId, referrerUserId)))
    .groupBy(referrals.status);
  const joined = rows.reduce((sum, r) => sum + r.n, 0);
  const rewarded = rows.find((r) => r.status === "rewarded")?.n ?? 0;
  return { joined, rewarded };
}

/** The referral whose first purchase was this payment (refunds of it may reverse the bonuses). */
export async function findReferralByFirstPayment(db: Db, { tenantId, paymentIntentId }: { tenantId: string; paymentIntentId: string }) {
  const [row] = await db
    .select()
    .from(referrals)
    .where(and(eq(referrals.tenantId, tenantId), eq(referrals.firstPaymentIntentId, paymentIntentId)))
    .limit(1);
  return row;
}
