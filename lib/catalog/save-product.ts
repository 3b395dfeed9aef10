import type { Db } from "@/db";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { recordAudit } from "@/db/queries/audit-log";
import { getPrice, getProduct, insertPrice, insertProduct, setProductEntitlementSets, updatePriceMutable, updateProduct } from "@/db/queries/catalog-products";
import type { PriceFormInput, ProductFormInput } from "./catalog-input";
import { syncProduct } from "./sync-catalog";

// The acting admin (a TenantActor or its id fields).
type Actor = Pick<TenantActor, "tenantId" | "userId">;

/** Creates the product with its first price in one transaction, then syncs it to Stripe. */
export async function createProduct(db: Db, { tenantId, userId, product, price }: Actor & { product: ProductFormInput; price: PriceFormInput }) {
  const created = await db.transaction(async (tx) => {
    const row = await insertProduct(tx, { tenantId, kind: product.kind, name: product.name, description: product.description, active: true });
    await setProductEntitlementSets(tx, { tenantId, productId: row.id, setIds: product.entitlementSetIds });
    await insertPrice(tx, { tenantId, productId: row.id, ...price });
    await recordAudit(tx, { tenantId, actorUserId: userId, action: "catalog.product_created", target: row.id, fields: ["kind", "name", "description", "price"] });
    return row;
  });
  const sync = await syncProduct(db, { tenantId, productId: created.id });
  return { product: created, sync };
}

export async function editProduct(db: Db, { tenantId, userId, productId, product }: Actor & { productId: string; product: ProductFormInput }) {
  const updated = await db.transaction(async (tx) => {
    const row = await updateProduct(tx, { tenantId, productId, kind: product.kind, name: product.name, description: product.description });
    if (!row) return null;
    await setProductEntitlementSets(tx, { tenantId, productId, setIds: product.entitlementSetIds });
    await recordAudit(tx, { tenantId, actorUserId: userId, action: "catalog.product_updated", target: productId, fields: ["kind", "name", "description", "entitlement_sets"] });
    return row;
  });
  if (!updated) return null;
  return { product: updated, sync: await syncProduct(db, { tenantId, productId }) };
}

/** Deactivate/reactivate: never deletes; deactivating archives the product in Stripe. */
export async function setProductActive(db: Db, { tenantId, userId, productId, active }: Actor & { productId: string; active: boolean }) {
  const row = await db.transaction(async (tx) => {
    const updated = await updateProduct(tx, { tenantId, productId, active });
    if (updated) await recordAudit(tx, { tenantId, actorUserId: userId, action: active ? "catalog.product_activated" : "catalog.product_deactivated", target: productId, fields: ["active"] });
    return updated;
  });
  if (!row) return null;
  return { product: row, sync: await syncProduct(db, { tenantId, productId }) };
}

export async function addPrice(db: Db, { tenantId, userId, productId, price }: Actor & { productId: string; price: PriceFormInput }) {
  const product = await getProduct(db, { tenantId, productId });
  if (!product) return null;
  const row = await db.transaction(async (tx) => {
    const created = await insertPrice(tx, { tenantId, productId, ...price });
    await recordAudit(tx, { tenantId, actorUserId: userId, action: "catalog.price_created", target: created.id, fields: ["amount", "currency", "recurrence"] });
    return created;
  });
  return { price: row, sync: await syncProduct(db, { tenantId, productId }) };
}

/**
 * Stripe prices are immutable: a new amount, currency or recurrence is a new price version; the
 * old one is archived (active=false, replaced_by_id → new) and kept for history and old payments.
 */
export async function changePrice(db: Db, { tenantId, userId, priceId, price }: Actor & { priceId: string; price: PriceFormInput }) {
  const old = await getPrice(db, { tenantId, priceId });
  if (!old) return null;
  if (!old.active) return { error: "This price is archived; change the current price instead." } as const;
  const row = await db.transaction(async (tx) => {
    const created = await insertPrice(tx, { tenantId, productId: old.productId, ...price, nickname: old.nickname });
    await updatePriceMutable(tx, { tenantId, priceId, active: false, replacedById: created.id });
    await recordAudit(tx, { tenantId, actorUserId: userId, action: "catalog.price_changed", target: priceId, fields: ["amount", "currency", "recurrence"] });
    return created;
  });
  return { price: row, sync: await syncProduct(db, { tenantId, productId: old.productId }) };
}

export async function archivePrice(db: Db, { tenantId, userId, priceId }: Actor & { priceId: string }) {
  const row = await db.transaction(async (tx) => {
    const archived = await updatePriceMutable(tx, { tenantId, priceId, active: false });
    if (archived) await recordAudit(tx, { tenantId, actorUserId: userId, action: "catalog.price_archived", target: priceId, fields: ["active"] });
    return archived;
  });
  if (!row) return null;
  return { price: row, sync: await syncProduct(db, { tenantId, productId: row.productId }) };
}
