import { and, count, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { couponRedemptions, coupons, promotionCodes, stripePromotionStates, type StripePromotionState, type StripeMode } from "../schema";

export type CouponInsert = Omit<typeof coupons.$inferInsert, "id" | "createdAt" | "stripeTestId" | "stripeLiveId" | "syncError">;

export async function insertCoupon(db: Db, input: CouponInsert) {
  const [row] = await db.insert(coupons).values(input).returning();
  if (!row) throw new Error("coupon insert returned nothing");
  return row;
}

/** Inserts a code; null when the tenant already has it (codes are unique per tenant, any case). */
export async function insertPromotionCode(db: Db, input: { tenantId: string; couponId: string; code: string; maxRedemptions: number | null; expiresAt: Date | null }) {
  const [row] = await db.insert(promotionCodes).values(input).onConflictDoNothing().returning();
  return row ?? null;
}

export async function getCoupon(db: Db, { tenantId, couponId }: { tenantId: string; couponId: string }) {
  const [row] = await db.select().from(coupons).where(and(eq(coupons.tenantId, tenantId), eq(coupons.id, couponId))).limit(1);
  return row ?? null;
}

/** The tenant's coupons, newest first, each with its codes and (credit codes) redemptions. */
export async function listCouponsWithCodes(db: Db, { tenantId }: { tenantId: string }) {
  const [couponRows, codeRows] = await Promise.all([
    db.select().from(coupons).where(eq(coupons.tenantId, tenantId)).orderBy(desc(coupons.createdAt)),
    db
      .select({ code: promotionCodes, redeemed: count(couponRedemptions.id) })
      .from(promotionCodes)
      .leftJoin(couponRedemptions, eq(couponRedemptions.promotionCodeId, promotionCodes.id))
      .where(eq(promotionCodes.tenantId, tenantId))
      .groupBy(promotionCodes.id)
      .orderBy(desc(promotionCodes.createdAt)),
  ]);
  return couponRows.map((c) => ({ ...c, codes: codeRows.filter((r) => r.code.couponId === c.id).map((r) => ({ ...r.code, localRedemptions: Number(r.redeemed) })) }));
}

/** A code of this tenant (case-insensitive) with its coupon; another tenant's code is not found. */
export async function findPromotionCode(db: Db, { tenantId, code }: { tenantId: string; code: string }) {
  const [row] = await db
    .select({ code: promotionCodes, coupon: coupons })
    .from(promotionCodes)
    .innerJoin(coupons, and(eq(coupons.id, promotionCodes.couponId), eq(coupons.tenantId, tenantId)))
    .where(and(eq(promotionCodes.tenantId, tenantId), sql`upper(${promotionCodes.code}) = upper(${code})`))
    .limit(1);
  return row ?? null;
}

export async function setCouponStripeId(db: Db, { tenantId, couponId, mode, stripeId, error }: { tenantId: string; couponId: string; mode: StripeMode; stripeId: string | null; error: string | null }) {
  const ids = mode === "live" ? { stripeLiveId: stripeId ?? undefined } : { stripeTestId: stripeId ?? undefined };
  await db.update(coupons).set({ ...ids, syncError: error }).where(and(eq(coupons.tenantId, tenantId), eq(coupons.id, couponId)));
}

export async function setPromotionCodeStripeId(db: Db, { tenantId, codeId, mode, stripeId, error }: { tenantId: string; codeId: string; mode: StripeMode; stripeId: string | null; error: string | null }) {
  const ids = mode === "live" ? { stripeLiveId: stripeId ?? undefined } : { stripeTestId: stripeId ?? undefined };
  await db.update(promotionCodes).set({ ...ids, syncError: error }).where(and(eq(promotionCodes.tenantId, tenantId), eq(promotionCodes.id, codeId)));
}

export async function setPromotionCodeActive(db: Db, { tenantId, codeId, active }: { tenantId: string; codeId: string; active: boolean }) {
  const [row] = await db.update(promotionCodes).set({ active }).where(and(eq(promotionCodes.tenantId, tenantId), eq(promotionCodes.id, codeId))).returning();
  return row ?? null;
}

/** Credit codes: how often a code was redeemed, and by this member. Lock the code row first (FOR UPDATE) so concurrent redemptions count each other. */
export async function lockPromotionCode(db: Db, { tenantId, codeId }: { tenantId: string; codeId: string }) {
  await db.execute(sql`select 1 from ${promotionCodes} where ${promotionCodes.tenantId} = ${tenantId} and ${promotionCodes.id} = ${codeId} for update`);
}

export async function countRedemptions(db: Db, { tenantId, codeId }: { tenantId: string; codeId: string }) {
  const [row] = await db.select({ n: count() }).from(couponRedemptions).where(and(eq(couponRedemptions.tenantId, tenantId), eq(couponRedemptions.promotionCodeId, codeId)));
  return Number(row?.n ?? 0);
}

/** Credit redemptions of all codes of a coupon (its own max_redemptions spans them). */
export async function countCouponRedemptions(db: Db, { tenantId, couponId }: { tenantId: string; couponId: string }) {
  const [row] = await db
    .select({ n: count() })
    .from(couponRedemptions)
    .innerJoin(promotionCodes, eq(promotionCodes.id, couponRedemptions.promotionCodeId))
    .where(and(eq(couponRedemptions.tenantId, tenantId), eq(promotionCodes.couponId, couponId)));
  return Number(row?.n ?? 0);
}

export async function insertRedemption(db: Db, input: { tenantId: string; promotionCodeId: string; userId: string; credits: number }) {
  const [row] = await db.insert(couponRedemptions).values(input).onConflictDoNothing().returning();
  return row ?? null;
}

/**
 * A code switched on or off in the tenant's Stripe (webhook engine, inside its transaction): the
 * portal's code with that Stripe id in that mode follows. Null when no portal code has that id or
 * it already matches.
 */
export async function followStripePromotionCodeActive(db: Db | Tx, { tenantId, mode, stripeId, active }: { tenantId: string; mode: StripeMode; stripeId: string; active: boolean }) {
  const idColumn = mode === "live" ? promotionCodes.stripeLiveId : promotionCodes.stripeTestId;
  const [row] = await db
    .update(promotionCodes)
    .set({ active })
    .where(and(eq(promotionCodes.tenantId, tenantId), eq(idColumn, stripeId), sql`${promotionCodes.active} is distinct from ${active}`))
    .returning();
  return row ?? null;
}

/** Stripe's projected state (stripe_promotion_states) of these objects in one mode, by Stripe id. */
export async function stripePromotionStatesOf(db: Db, { tenantId, mode, stripeIds }: { tenantId: string; mode: StripeMode; stripeIds: string[] }) {
  if (stripeIds.length === 0) return new Map<string, StripePromotionState>();
  const rows = await db
    .select()
    .from(stripePromotionStates)
    .where(and(eq(stripePromotionStates.tenantId, tenantId), eq(stripePromotionStates.mode, mode), inArray(stripePromotionStates.stripeId, stripeIds)));
  return new Map(rows.map((r) => [r.stripeId, r]));
}
