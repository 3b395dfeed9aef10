import type { Db } from "@/db";
import { listPrices, listProducts } from "@/db/queries/catalog-products";

/**
 * What members may buy, for "Plans & pricing": active products with their active prices; a product
 * with no active price is not on offer. Membership plans and everything else are listed apart.
 */
export async function loadOffersView(db: Db, { tenantId }: { tenantId: string }) {
  const [products, prices] = await Promise.all([listProducts(db, { tenantId, activeOnly: true }), listPrices(db, { tenantId })]);
  const offers = products.map((p) => ({ ...p, prices: prices.filter((pr) => pr.productId === p.id && pr.active) })).filter((p) => p.prices.length > 0);
  return { plans: offers.filter((p) => p.kind === "membership_plan"), items: offers.filter((p) => p.kind !== "membership_plan") };
}

export type Offer = Awaited<ReturnType<typeof loadOffersView>>["plans"][number];
