import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../client";
import { catalogPrices, catalogProducts, stripeCatalogMappings, stripeUnmanagedObjects, type CatalogObjectKind, type CatalogSyncStatus, type StripeMode } from "../schema";

type Key = { tenantId: string; mode: StripeMode; objectKind: CatalogObjectKind; localId: string };

export async function getMapping(db: Db, { tenantId, mode, objectKind, localId }: Key) {
  const [row] = await db
    .select()
    .from(stripeCatalogMappings)
    .where(
      and(
        eq(stripeCatalogMappings.tenantId, tenantId),
        eq(stripeCatalogMappings.mode, mode),
        eq(stripeCatalogMappings.objectKind, objectKind),
        eq(stripeCatalogMappings.localId, localId),
      ),
    )
    .limit(1);
  return row;
}

export async function listMappings(db: Db, { tenantId, mode }: { tenantId: string; mode: StripeMode }) {
  return db
    .select()
    .from(stripeCatalogMappings)
    .where(and(eq(stripeCatalogMappings.tenantId, tenantId), eq(stripeCatalogMappings.mode, mode)));
}

export async function findMappingsByStripeIds(db: Db, { tenantId, mode, stripeIds }: { tenantId: string; mode: StripeMode; stripeIds: string[] }) {
  if (stripeIds.length === 0) return [];
  return db
    .select()
    .from(stripeCatalogMappings)
    .where(and(eq(stripeCatalogMappings.tenantId, tenantId), eq(stripeCatalogMappings.mode, mode), inArray(stripeCatalogMappings.stripeId, stripeIds)));
}

export type MappingUpdate = {
  status: CatalogSyncStatus;
  stripeId?: string | null;
  errorMessage?: string | null;
  syncedVersion?: number;
  lastSyncedAt?: Date;
  remoteState?: "archived" | "deleted" | null;
};

/** Insert-or-update of the one row per (tenant, mode, kind, local id). */
export async function upsertMapping(db: Db, key: Key, update: MappingUpdate) {
  const values = { ...update, updatedAt: new Date() };
  await db
    .insert(stripeCatalogMappings)
    .values({ ...key, ...values })
    .onConflictDoUpdate({
      target: [stripeCatalogMappings.tenantId, stripeCatalogMappings.mode, stripeCatalogMappings.objectKind, stripeCatalogMappings.localId],
      set: values,
    });
}

/** The webhook handler's flag: the object was archived or deleted in Stripe, not by the portal. */
export async function flagRemoteChange(db: Db, { tenantId, mode, stripeId, remoteState }: { tenantId: string; mode: StripeMode; stripeId: string; remoteState: "archived" | "deleted" | null }) {
  return db
    .update(stripeCatalogMappings)
    .set({ remoteState, remoteChangedAt: remoteState ? new Date() : null, updatedAt: new Date() })
    .where(and(eq(stripeCatalogMappings.tenantId, tenantId), eq(stripeCatalogMappings.mode, mode), eq(stripeCatalogMappings.stripeId, stripeId)))
    .returning({ localId: stripeCatalogMappings.localId, objectKind: stripeCatalogMappings.objectKind });
}

export async function recordUnmanagedObject(
  db: Db,
  input: { tenantId: string; mode: StripeMode; objectKind: CatalogObjectKind; stripeId: string; label: string | null; active: "active" | "archived" | "deleted"; lastEventType: string },
) {
  await db
    .insert(stripeUnmanagedObjects)
    .values(input)
    .onConflictDoUpdate({
      target: [stripeUnmanagedObjects.tenantId, stripeUnmanagedObjects.mode, stripeUnmanagedObjects.stripeId],
      set: { label: input.label, active: input.active, lastEventType: input.lastEventType, lastSeenAt: new Date() },
    });
}

export async function listUnmanagedObjects(db: Db, { tenantId, mode }: { tenantId: string; mode: StripeMode }) {
  return db
    .select()
    .from(stripeUnmanagedObjects)
    .where(and(eq(stripeUnmanagedObjects.tenantId, tenantId), eq(stripeUnmanagedObjects.mode, mode)))
    .orderBy(stripeUnmanagedObjects.objectKind, stripeUnmanagedObjects.firstSeenAt);
}

/** The portal object behind a Stripe id, with its local active flag (is an archive expected?). */
export async function findMappedLocal(db: Db, { tenantId, mode, stripeId }: { tenantId: string; mode: StripeMode; stripeId: string }) {
  const [mapping] = await findMappingsByStripeIds(db, { tenantId, mode, stripeIds: [stripeId] });
  if (!mapping) return undefined;
  const table = mapping.objectKind === "product" ? catalogProducts : catalogPrices;
  const [local] = await db
    .select({ active: table.active })
    .from(table)
    .where(and(eq(table.tenantId, tenantId), eq(table.id, mapping.localId)))
    .limit(1);
  return { ...mapping, localActive: local?.active ?? false };
}
