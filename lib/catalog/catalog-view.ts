import type { Db } from "@/db";
import { listMappings, listUnmanagedObjects } from "@/db/queries/catalog-mappings";
import { listPrices, listProductEntitlementLinks, listProducts } from "@/db/queries/catalog-products";
import { listEntitlementSets } from "@/db/queries/entitlement-sets";
import type { CatalogPrice, CatalogProduct } from "@/db/schema";
import { formatMoney } from "@/lib/money";
import { resolveActiveMode } from "@/lib/stripe-connection/resolve";
import { stripeDashboardUrl } from "./dashboard-url";
import { displayStatus, type DisplayStatus } from "./sync-status";

export type PriceView = CatalogPrice & { label: string; sync: DisplayStatus; dashboardUrl: string | null };
export type ProductView = CatalogProduct & { prices: PriceView[]; sync: DisplayStatus; dashboardUrl: string | null; entitlementSets: { id: string; name: string }[] };

export function priceLabel(p: Pick<CatalogPrice, "amount" | "currency" | "type" | "interval" | "intervalCount">): string {
  const money = formatMoney(p.amount, p.currency);
  if (p.type === "one_time" || !p.interval) return `${money} one-time`;
  const n = p.intervalCount ?? 1;
  return n === 1 ? `${money} / ${p.interval}` : `${money} every ${n} ${p.interval}s`;
}

/**
 * Everything the admin catalog page shows, in the tenant's active mode. `page`: the products to show
 * (a sorted page, lib/lists/sorted-lists.ts), in that order; "sync all" still covers every product.
 */
export async function loadCatalogView(db: Db, { tenantId, page }: { tenantId: string; page?: CatalogProduct[] }) {
  const mode = await resolveActiveMode(db, { tenantId });
  const [products, prices, mappings, links, sets, unmanaged] = await Promise.all([
    listProducts(db, { tenantId }),
    listPrices(db, { tenantId }),
    listMappings(db, { tenantId, mode }),
    listProductEntitlementLinks(db, { tenantId }),
    listEntitlementSets(db, { tenantId }),
    listUnmanagedObjects(db, { tenantId, mode }),
  ]);
  const byLocal = new Map(mappings.map((m) => [`${m.objectKind}:${m.localId}`, m]));
  const view = (kind: "product" | "price", id: string, version: number) => {
    const sync = displayStatus(byLocal.get(`${kind}:${id}`), version);
    return { sync, dashboardUrl: sync.stripeId ? stripeDashboardUrl(mode, kind, sync.stripeId) : null };
  };
  const productViews: ProductView[] = products.map((product) => ({
    ...product,
    ...view("product", product.id, product.version),
    entitlementSets: links.filter((l) => l.productId === product.id).map((l) => ({ id: l.setId, name: l.setName })),
    prices: prices.filter((p) => p.productId === product.id).map((p) => ({ ...p, label: priceLabel(p), ...view("price", p.id, p.version) })),
  }));
  const needsSync = productViews.filter((p) => p.sync.status !== "synced" || p.prices.some((pr) => pr.sync.status !== "synced" && (pr.active || pr.sync.stripeId))).map((p) => p.id);
  const byId = new Map(productViews.map((p) => [p.id, p]));
  const shown = page ? page.map((p) => byId.get(p.id)).filter((p): p is ProductView => p !== undefined) : productViews;
  return { mode, products: shown, entitlementSets: sets, unmanaged, needsSync };
}
