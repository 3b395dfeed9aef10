import type { Db } from "@/db";
import type { CatalogPrice, CatalogProduct, StripeMode } from "@/db/schema";
import { getMapping, listMappings, upsertMapping } from "@/db/queries/catalog-mappings";
import { getProduct, listPrices, listProducts } from "@/db/queries/catalog-products";
import { describeSyncError, pushPrice, pushProduct } from "@/lib/stripe/catalog-sync";
import { stripeFor, StripeNotConfiguredError, type ResolvedStripe } from "@/lib/stripe-connection/resolve";
import { logger } from "@/lib/log";
import { displayStatus } from "./sync-status";

export type SyncOutcome = { synced: number; failed: number; notMapped: number };

type Target = { tenantId: string; mode: StripeMode };

async function markAll(db: Db, target: Target, product: CatalogProduct, prices: CatalogPrice[], status: "error" | "not_mapped", message: string) {
  await upsertMapping(db, { ...target, objectKind: "product", localId: product.id }, { status, errorMessage: message });
  for (const price of prices) await upsertMapping(db, { ...target, objectKind: "price", localId: price.id }, { status, errorMessage: message });
}

async function syncPriceRow(db: Db, stripe: ResolvedStripe, target: Target, price: CatalogPrice, stripeProductId: string): Promise<boolean> {
  const key = { ...target, objectKind: "price" as const, localId: price.id };
  const mapping = await getMapping(db, key);
  if (!mapping?.stripeId && !price.active) {
    // An old version that never reached Stripe: nothing to archive there.
    await upsertMapping(db, key, { status: "not_mapped", errorMessage: "Replaced before it was synced; never created in Stripe." });
    return true;
  }
  try {
    const { stripeId } = await pushPrice(stripe, { tenantId: target.tenantId, price, stripeProductId, stripeId: mapping?.stripeId ?? null });
    await upsertMapping(db, key, { status: "synced", stripeId, errorMessage: null, syncedVersion: price.version, lastSyncedAt: new Date(), remoteState: null });
    return true;
  } catch (error) {
    logger.warn("catalog.sync_price_failed", { tenantId: target.tenantId, mode: target.mode, priceId: price.id, error: errorKind(error) });
    await upsertMapping(db, key, { status: "error", errorMessage: describeSyncError(error, target.mode) });
    return false;
  }
}

/**
 * Pushes one product and all its price versions to Stripe in the tenant's active mode and records
 * the outcome per object. Never throws for Stripe trouble: the rows carry Error / Not mapped.
 */
export async function syncProduct(db: Db, { tenantId, productId }: { tenantId: string; productId: string }): Promise<SyncOutcome | null> {
  const product = await getProduct(db, { tenantId, productId });
  if (!product) return null;
  const prices = await listPrices(db, { tenantId, productId });
  let stripe: ResolvedStripe;
  try {
    stripe = await stripeFor(db, { tenantId, maxNetworkRetries: 1, timeoutMs: 15_000 });
  } catch (error) {
    if (!(error instanceof StripeNotConfiguredError)) throw error;
    await markAll(db, { tenantId, mode: error.mode }, product, prices, "not_mapped", error.message);
    return { synced: 0, failed: 0, notMapped: 1 + prices.length };
  }
  const target = { tenantId, mode: stripe.mode };
  const productKey = { ...target, objectKind: "product" as const, localId: product.id };
  let stripeProductId: string;
  try {
    const mapping = await getMapping(db, productKey);
    ({ stripeId: stripeProductId } = await pushProduct(stripe, { tenantId, product, stripeId: mapping?.stripeId ?? null }));
    await upsertMapping(db, productKey, { status: "synced", stripeId: stripeProductId, errorMessage: null, syncedVersion: product.version, lastSyncedAt: new Date(), remoteState: null });
  } catch (error) {
    logger.warn("catalog.sync_product_failed", { tenantId, mode: stripe.mode, productId, error: errorKind(error) });
    const message = describeSyncError(error, stripe.mode);
    await upsertMapping(db, productKey, { status: "error", errorMessage: message });
    for (const price of prices) {
      await upsertMapping(db, { ...target, objectKind: "price", localId: price.id }, { status: "error", errorMessage: `Waiting for the product: ${message}` });
    }
    return { synced: 0, failed: 1 + prices.length, notMapped: 0 };
  }
  let synced = 1;
  let failed = 0;
  for (const price of prices) {
    if (await syncPriceRow(db, stripe, target, price, stripeProductId)) synced++;
    else failed++;
  }
  return { synced, failed, notMapped: 0 };
}

/** Products that need a push in the active mode: anything not Synced (Pending, Error, Not mapped). */
export async function listProductsNeedingSync(db: Db, { tenantId, mode }: Target): Promise<string[]> {
  const [products, prices, mappings] = await Promise.all([listProducts(db, { tenantId }), listPrices(db, { tenantId }), listMappings(db, { tenantId, mode })]);
  const byLocal = new Map(mappings.map((m) => [`${m.objectKind}:${m.localId}`, m]));
  const needs = new Set<string>();
  for (const p of products) if (displayStatus(byLocal.get(`product:${p.id}`), p.version).status !== "synced") needs.add(p.id);
  for (const pr of prices) {
    const mapping = byLocal.get(`price:${pr.id}`);
    // An old version that never reached Stripe stays Not mapped for good; nothing to push.
    if (!pr.active && !mapping?.stripeId) continue;
    if (displayStatus(mapping, pr.version).status !== "synced") needs.add(pr.productId);
  }
  return products.filter((p) => needs.has(p.id)).map((p) => p.id);
}

/** Stripe errors carry their class in `type` (StripeAuthenticationError); logs get that, never the message. */
function errorKind(error: unknown): string {
  if (error && typeof error === "object" && "type" in error && typeof error.type === "string") return error.type;
  return error instanceof Error ? error.name : "unknown";
}
