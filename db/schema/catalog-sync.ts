import { bigint, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./tenants";
import type { StripeMode } from "./webhook-events";

export const catalogObjectKindEnum = pgEnum("catalog_object_kind", ["product", "price"]);
export type CatalogObjectKind = (typeof catalogObjectKindEnum.enumValues)[number];

/** "Not mapped" is also what a missing row means (never synced in this mode). */
export const catalogSyncStatusEnum = pgEnum("catalog_sync_status", ["synced", "pending", "not_mapped", "error"]);
export type CatalogSyncStatus = (typeof catalogSyncStatusEnum.enumValues)[number];

/**
 * Where a local product/price lives in Stripe, per mode: test and live are different objects with
 * different ids. `remote_state` is set by the webhook handler when someone archives or deletes the
 * object in the Stripe Dashboard behind the portal's back.
 */
export const stripeCatalogMappings = pgTable(
  "stripe_catalog_mappings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    mode: text("mode").$type<StripeMode>().notNull(),
    objectKind: catalogObjectKindEnum("object_kind").notNull(),
    localId: uuid("local_id").notNull(),
    stripeId: text("stripe_id"),
    status: catalogSyncStatusEnum("status").notNull().default("pending"),
    errorMessage: text("error_message"),
    syncedVersion: integer("synced_version").notNull().default(0),
    lastSyncedAt: timestamp("last_synced_at", { withTimezone: true }),
    remoteState: text("remote_state").$type<"archived" | "deleted">(),
    remoteChangedAt: timestamp("remote_changed_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("stripe_catalog_mappings_local_uq").on(t.tenantId, t.mode, t.objectKind, t.localId),
    index("stripe_catalog_mappings_stripe_idx").on(t.tenantId, t.mode, t.stripeId),
  ],
);
export type StripeCatalogMapping = typeof stripeCatalogMappings.$inferSelect;

/** Products/prices seen in webhooks that the portal did not create (seed 001: never imported). */
export const stripeUnmanagedObjects = pgTable(
  "stripe_unmanaged_objects",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    mode: text("mode").$type<StripeMode>().notNull(),
    objectKind: catalogObjectKindEnum("object_kind").notNull(),
    stripeId: text("stripe_id").notNull(),
    label: text("label"),
    active: text("active").$type<"active" | "archived" | "deleted">().notNull().default("active"),
    lastEventType: text("last_event_type").notNull(),
    /** The ordering watermark (lib/webhooks/ordering.ts): an older event never overwrites a newer one. */
    lastEventCreated: bigint("last_event_created", { mode: "number" }).notNull().default(0),
    lastEventId: text("last_event_id").notNull().default(""),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("stripe_unmanaged_objects_uq").on(t.tenantId, t.mode, t.stripeId)],
);
