import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client";
import { catalogPrices, catalogProducts, entitlementSets, productEntitlementSets, type ProductKind } from "../schema";

export type ProductInput = { kind: ProductKind; name: string; description: string | null; active: boolean };

export async function listProducts(db: Db, { tenantId, activeOnly = false }: { tenantId: string; activeOnly?: boolean }) {
  return db
    .select()
    .from(catalogProducts)
    .where(and(eq(catalogProducts.tenantId, tenantId), activeOnly ? eq(catalogProducts.active, true) : undefined))
    .orderBy(desc(catalogProducts.active), asc(catalogProducts.kind), asc(catalogProducts.name));
}

export async function getProduct(db: Db, { tenantId, productId }: { tenantId: string; productId: string }) {
  const [row] = await db
    .select()
    .from(catalogProducts)
    .where(and(eq(catalogProducts.tenantId, tenantId), eq(catalogProducts.id, productId)))
    .limit(1);
  return row;
}

export async function insertProduct(db: Db, { tenantId, ...input }: { tenantId: string } & ProductInput) {
  const [row] = await db.insert(catalogProducts).values({ tenantId, ...input }).returning();
  if (!row) throw new Error("product insert returned nothing");
  return row;
}

/** Bumps `version` so the Stripe mapping becomes Pending. Undefined when the id is not this tenant's. */
export async function updateProduct(db: Db, { tenantId, productId, ...input }: { tenantId: string; productId: string } & Partial<ProductInput>) {
  const [row] = await db
    .update(catalogProducts)
    .set({ ...input, version: sql`${catalogProducts.version} + 1`, updatedAt: new Date() })
    .where(and(eq(catalogProducts.tenantId, tenantId), eq(catalogProducts.id, productId)))
    .returning();
  return row;
}

export async function setProductEntitlementSets(db: Db, { tenantId, productId, setIds }: { tenantId: string; productId: string; setIds: string[] }) {
  await db.delete(productEntitlementSets).where(and(eq(productEntitlementSets.tenantId, tenantId), eq(productEntitlementSets.productId, productId)));
  if (setIds.length === 0) return;
  // Only this tenant's sets: a foreign id is dropped, never linked.
  const own = await db
    .select({ id: entitlementSets.id })
    .from(entitlementSets)
    .where(and(eq(entitlementSets.tenantId, tenantId), inArray(entitlementSets.id, setIds)));
  if (own.length === 0) return;
  await db.insert(productEntitlementSets).values(own.map((s) => ({ tenantId, productId, entitlementSetId: s.id })));
}

export async function listProductEntitlementLinks(db: Db, { tenantId }: { tenantId: string }) {
  return db
    .select({ productId: productEntitlementSets.productId, setId: entitlementSets.id, setName: entitlementSets.name })
    .from(productEntitlementSets)
    .innerJoin(entitlementSets, eq(entitlementSets.id, productEntitlementSets.entitlementSetId))
    .where(eq(productEntitlementSets.tenantId, tenantId))
    .orderBy(asc(entitlementSets.name));
}

/** Every price version, newest first per product (history included). */
export async function listPrices(db: Db, { tenantId, productId }: { tenantId: string; productId?: string }) {
  return db
    .select()
    .from(catalogPrices)
    .where(and(eq(catalogPrices.tenantId, tenantId), productId ? eq(catalogPrices.productId, productId) : undefined))
    .orderBy(desc(catalogPrices.active), desc(catalogPrices.createdAt));
}

export async function getPrice(db: Db, { tenantId, priceId }: { tenantId: string; priceId: string }) {
  const [row] = await db
    .select()
    .from(catalogPrices)
    .where(and(eq(catalogPrices.tenantId, tenantId), eq(catalogPrices.id, priceId)))
    .limit(1);
  return row;
}

export type PriceInput = {
  amount: number;
  currency: string;
  type: "one_time" | "recurring";
  interval: "month" | "year" | null;
  intervalCount: number | null;
  credits: number | null;
  nickname: string | null;
  trialDays?: number | null;
};

export async function insertPrice(db: Db, { tenantId, productId, ...input }: { tenantId: string; productId: string } & PriceInput) {
  const [row] = await db.insert(catalogPrices).values({ tenantId, productId, ...input }).returning();
  if (!row) throw new Error("price insert returned nothing");
  return row;
}

/** Only the fields Stripe lets a price change (active, nickname); bumps version → Pending. */
export async function updatePriceMutable(
  db: Db,
  { tenantId, priceId, ...input }: { tenantId: string; priceId: string; active?: boolean; nickname?: string | null; replacedById?: string | null },
) {
  const [row] = await db
    .update(catalogPrices)
    .set({ ...input, version: sql`${catalogPrices.version} + 1`, updatedAt: new Date() })
    .where(and(eq(catalogPrices.tenantId, tenantId), eq(catalogPrices.id, priceId)))
    .returning();
  return row;
}

/** A recurring price's free trial days (applied at subscribe; not a Stripe price field, so no version bump). */
export async function updatePriceTrialDays(db: Db, { tenantId, priceId, trialDays }: { tenantId: string; priceId: string; trialDays: number | null }) {
  const [row] = await db
    .update(catalogPrices)
    .set({ trialDays, updatedAt: new Date() })
    .where(and(eq(catalogPrices.tenantId, tenantId), eq(catalogPrices.id, priceId), eq(catalogPrices.type, "recurring"), eq(catalogPrices.active, true)))
    .returning();
  return row;
}

/** Whether the tenant sells anything yet: an active product with an active price (the admin checklist). */
export async function hasSellablePrice(db: Db, { tenantId }: { tenantId: string }): Promise<boolean> {
  const [row] = await db
    .select({ id: catalogPrices.id })
    .from(catalogPrices)
    .innerJoin(catalogProducts, eq(catalogProducts.id, catalogPrices.productId))
    .where(and(eq(catalogPrices.tenantId, tenantId), eq(catalogPrices.active, true), eq(catalogProducts.active, true)))
    .limit(1);
  return Boolean(row);
}
