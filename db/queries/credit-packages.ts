import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../client";
import { catalogPrices, catalogProducts } from "../schema";

export type CreditPackage = {
  priceId: string;
  productId: string;
  name: string;
  description: string | null;
  nickname: string | null;
  amount: number;
  currency: string;
  credits: number;
};

const columns = {
  priceId: catalogPrices.id,
  productId: catalogProducts.id,
  name: catalogProducts.name,
  description: catalogProducts.description,
  nickname: catalogPrices.nickname,
  amount: catalogPrices.amount,
  currency: catalogPrices.currency,
  credits: catalogPrices.credits,
};

/** A price's credits default to its amount in minor units (1 credit = 1 cent) when not set. */
function withCredits<T extends { credits: number | null; amount: number }>(row: T): T & { credits: number } {
  return { ...row, credits: row.credits ?? row.amount };
}

/**
 * The credit package a payment was for — active or not, since a price retired after the member
 * paid still grants what it promised. Undefined when the price is not a credit package of this tenant.
 */
export async function getCreditPackagePrice(db: Db, { tenantId, priceId }: { tenantId: string; priceId: string }): Promise<CreditPackage | undefined> {
  const [row] = await db
    .select(columns)
    .from(catalogPrices)
    .innerJoin(catalogProducts, and(eq(catalogProducts.id, catalogPrices.productId), eq(catalogProducts.tenantId, tenantId)))
    .where(and(eq(catalogPrices.tenantId, tenantId), eq(catalogPrices.id, priceId), eq(catalogProducts.kind, "credit_package")))
    .limit(1);
  return row ? withCredits(row) : undefined;
}

/** Packages a member can buy now: active one-time prices of active credit-package products, cheapest first. */
export async function listCreditPackages(db: Db, { tenantId }: { tenantId: string }): Promise<CreditPackage[]> {
  const rows = await db
    .select(columns)
    .from(catalogPrices)
    .innerJoin(catalogProducts, and(eq(catalogProducts.id, catalogPrices.productId), eq(catalogProducts.tenantId, tenantId)))
    .where(
      and(
        eq(catalogPrices.tenantId, tenantId),
        eq(catalogProducts.kind, "credit_package"),
        eq(catalogProducts.active, true),
        eq(catalogPrices.active, true),
        eq(catalogPrices.type, "one_time"),
      ),
    )
    .orderBy(asc(catalogPrices.amount));
  return rows.map(withCredits);
}
