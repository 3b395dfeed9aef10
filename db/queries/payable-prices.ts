import { and, asc, eq, inArray, ne, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { catalogPrices, catalogProducts, type ProductKind } from "../schema";

export type PayablePrice = {
  priceId: string;
  productId: string;
  productName: string;
  productKind: ProductKind;
  description: string | null;
  nickname: string | null;
  amount: number;
  currency: string;
  credits: number | null;
};

/**
 * This tenant's active one-time prices of active products, with what a payment or an invoice line
 * needs; `where` narrows further. The amount and currency a payment or invoice uses come only from here.
 */
function oneTimePrices(db: Db, tenantId: string, where: SQL | undefined) {
  return db
    .select({
      priceId: catalogPrices.id,
      productId: catalogProducts.id,
      productName: catalogProducts.name,
      productKind: catalogProducts.kind,
      description: catalogProducts.description,
      nickname: catalogPrices.nickname,
      amount: catalogPrices.amount,
      currency: catalogPrices.currency,
      credits: catalogPrices.credits,
    })
    .from(catalogPrices)
    .innerJoin(catalogProducts, and(eq(catalogProducts.id, catalogPrices.productId), eq(catalogProducts.tenantId, tenantId)))
    .where(and(eq(catalogPrices.tenantId, tenantId), eq(catalogPrices.type, "one_time"), eq(catalogPrices.active, true), eq(catalogProducts.active, true), where));
}

/** A price a member can pay once, right now. */
export async function getPayablePrice(db: Db, { tenantId, priceId }: { tenantId: string; priceId: string }): Promise<PayablePrice | undefined> {
  const [row] = await oneTimePrices(db, tenantId, eq(catalogPrices.id, priceId)).limit(1);
  return row;
}

/** Product names for a set of prices (history rows keep their price even after it is replaced). */
export async function getPriceLabels(db: Db, { tenantId }: { tenantId: string }) {
  return db
    .select({ priceId: catalogPrices.id, productName: catalogProducts.name, nickname: catalogPrices.nickname })
    .from(catalogPrices)
    .innerJoin(catalogProducts, eq(catalogProducts.id, catalogPrices.productId))
    .where(eq(catalogPrices.tenantId, tenantId));
}

/**
 * The catalog items an admin can put on an invoice: the one-time prices above, credit packages
 * excepted (their credits are granted by a portal purchase, not an invoice). `priceIds` narrows to
 * those (the builder resolves its lines).
 */
export async function listInvoiceablePrices(db: Db, { tenantId, priceIds }: { tenantId: string; priceIds?: string[] }): Promise<PayablePrice[]> {
  if (priceIds && priceIds.length === 0) return [];
  return oneTimePrices(db, tenantId, and(ne(catalogProducts.kind, "credit_package"), priceIds ? inArray(catalogPrices.id, priceIds) : undefined)).orderBy(
    asc(catalogProducts.name),
    asc(catalogPrices.amount),
  );
}
