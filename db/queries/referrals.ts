import { randomBytes } from "node:crypto";
import { aliasedTable, and, count, desc, eq, inArray, ne, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { memberships, referralCodes, referrals, tenants, users, type ReferralStatus } from "../schema";

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

export type ReferralDecision = {
  tenantId: string;
  id: string;
  status: ReferralStatus;
  firstPaymentIntentId?: string;
  firstPaymentAmount?: number;
  firstPaymentFingerprint?: string | null;
  firstPaymentCustomerId?: string | null;
  flagReason?: string;
};

export async function decideReferral(tx: Db, { tenantId, id, status, firstPaymentIntentId, firstPaymentAmount, ...rest }: ReferralDecision) {
  await tx
    .update(referrals)
    .set({ status, decidedAt: sql`now()`, ...(firstPaymentIntentId ? { firstPaymentIntentId, firstPaymentAmount } : {}), ...rest })
    .where(and(eq(referrals.tenantId, tenantId), eq(referrals.id, id)));
}

/**
 * Is the buyer a member of the tenant, and is a referral of theirs waiting for a first purchase? One
 * statement, unlocked: a referral only ever leaves `pending`, so "not pending" here stays true.
 */
export async function getBuyerStanding(db: Db, { tenantId, userId }: { tenantId: string; userId: string }): Promise<{ member: boolean; referralPending: boolean }> {
  const [row] = await db
    .select({
      member: sql<boolean>`exists (select 1 from ${memberships} where ${memberships.tenantId} = ${tenantId} and ${memberships.userId} = ${userId})`,
      referralPending: sql<boolean>`exists (select 1 from ${referrals} where ${referrals.tenantId} = ${tenantId} and ${referrals.referredUserId} = ${userId} and ${referrals.status} = 'pending')`,
    })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  return { member: !!row?.member, referralPending: !!row?.referralPending };
}

/**
 * One referral decision at a time per tenant: two new accounts paying with the same card at the
 * same moment must not both see "this card has not earned yet". Taken before any balance lock.
 */
export async function lockReferralDecisions(tx: Db, { tenantId }: { tenantId: string }) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`referral-decisions:${tenantId}`}, 0))`);
}

/** Did this card or Stripe customer already earn a referral bonus in the tenant (one later refunded counts too)? */
export async function referralEarnedBy(db: Db, { tenantId, fingerprint, customerId, exceptId }: { tenantId: string; fingerprint: string | null; customerId: string | null; exceptId: string }) {
  const same = [fingerprint ? eq(referrals.firstPaymentFingerprint, fingerprint) : null, customerId ? eq(referrals.firstPaymentCustomerId, customerId) : null].filter((c) => c !== null);
  if (!same.length) return null;
  const [row] = await db
    .select({ fingerprint: referrals.firstPaymentFingerprint, customerId: referrals.firstPaymentCustomerId })
    .from(referrals)
    .where(and(eq(referrals.tenantId, tenantId), ne(referrals.id, exceptId), inArray(referrals.status, ["rewarded", "reversed"]), or(...same)))
    .limit(1);
  if (!row) return null;
  return fingerprint && row.fingerprint === fingerprint ? "card" : "customer";
}

/** Referrals the guard refused, newest first, with both members' names for the admin list. */
export async function listFlaggedReferrals(db: Db, { tenantId, limit = 50 }: { tenantId: string; limit?: number }) {
  const referrer = aliasedTable(users, "referrer");
  return db
    .select({
      id: referrals.id,
      referredEmail: users.email,
      referrerEmail: referrer.email,
      reason: referrals.flagReason,
      firstPaymentIntentId: referrals.firstPaymentIntentId,
      decidedAt: referrals.decidedAt,
    })
    .from(referrals)
    .innerJoin(users, eq(users.id, referrals.referredUserId))
    .innerJoin(referrer, eq(referrer.id, referrals.referrerUserId))
    .where(and(eq(referrals.tenantId, tenantId), eq(referrals.status, "flagged")))
    .orderBy(desc(referrals.decidedAt))
    .limit(limit);
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
